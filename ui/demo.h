/* The guided tour in the dashboard (tttop demo): which step is on, moving between steps
 * (keys, --auto), what the runner measures for each, and the caption on screen. The
 * script itself (steps, captions, sizes) is the core's: src/cli/demo_script.h. */
#ifndef TTTOP_DEMO_H
#define TTTOP_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/options.h"
#include "core/results.h"
#include "core/runner.h"
#include "view.h"

typedef struct demo demo;

/* What the tour asks of the dashboard it runs in. */
typedef struct demo_host {
    void *ctx;
    /* measure wanted from now on, after the nplan runs of plan (nplan may be 0); resumes
     * measuring when paused */
    void (*measure)(void *ctx, const experiment *wanted, const experiment *plan, int nplan);
    void (*pause)(void *ctx);
} demo_host;

/* NULL with a one-line message in err. */
demo *demo_create(const cli *o, char *err, size_t errlen);
void demo_free(demo *dm);
/* The experiment the runner starts on. */
experiment demo_first(const demo *dm);
/* Begin the first step. */
void demo_start(demo *dm, const demo_host *host, const results *model);
/* The next (dir 1) or previous (dir -1) step; false at either end. */
bool demo_go(demo *dm, int dir, const demo_host *host, const results *model);
/* Every turn of the loop, after the samples were taken: the size once calibrated, --auto,
 * the caption. True when the screen must be redrawn. */
bool demo_tick(demo *dm, const demo_host *host, const results *model, const runner_snapshot *snap,
               double now);
const demo_view *demo_view_of(const demo *dm);
/* The caption's lines, for the layout. */
int demo_caption_lines(const demo *dm);

#endif
