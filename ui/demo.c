#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo_script.h"
#include "machine/figures.h"

/* Runs a step may plan: its own and the rows its caption reads. */
#define PLAN_MAX 64
#define CAPTION_LINES 3

struct demo {
    demo_script script;
    int step;
    double auto_s;    /* --auto: seconds a step stays once its first number showed; 0 off */
    double shown_at;  /* when the step's first number showed; 0 before */
    bool calibrating; /* the matrix size waits on the calibration run */
    bool held;        /* the summary paused the runner once every row was in */
    char title[160];
    char caption[1024];
    demo_view view;
};

demo *demo_create(const cli *o, char *err, size_t errlen)
{
    demo *dm = calloc(1, sizeof *dm);
    if (!dm) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    /* the size: asked for, else from the machine's cached figures, else calibrated */
    int size = o->nshapes > 0 ? o->shapes[0][0] : 0;
    if (size == 0) {
        machine_figures f;
        if (figures_cached(&f))
            size = demo_size_from_figures(&f, DEMO_TARGET_S);
    }
    const int batch = o->nbatches > 0 ? o->batches[0] : DEMO_DEFAULT_BATCH;
    if (demo_script_build(&dm->script, size, batch) != 0) {
        snprintf(err, errlen, "the demo needs a baseline and a reference variant");
        free(dm);
        return NULL;
    }
    dm->auto_s = o->auto_s;
    return dm;
}

void demo_free(demo *dm)
{
    if (!dm)
        return;
    demo_script_free(&dm->script);
    free(dm);
}

experiment demo_first(const demo *dm)
{
    return dm->script.steps[0].exp;
}

static void enter(demo *dm, int step, const demo_host *host, const results *model)
{
    dm->step = step;
    dm->shown_at = 0.0;
    dm->held = false;
    const demo_script *s = &dm->script;
    experiment plan[PLAN_MAX];
    if (demo_step_is_matmul(s, step) && s->size == 0) {
        /* no size yet: the calibration run first, the step itself once it is in */
        const experiment cal = demo_calibration(s);
        dm->calibrating = true;
        host->measure(host->ctx, &cal, NULL, 0);
        return;
    }
    int n = demo_step_missing(s, step, model, plan, PLAN_MAX);
    if (s->size == 0 && n < PLAN_MAX) {
        /* the first step times the baseline in passing, so that the size is ready */
        if (n == 0)
            plan[n++] = s->steps[step].exp;
        plan[n++] = demo_calibration(s);
        dm->calibrating = true;
    }
    /* the step's own run alone needs no plan: it is the wanted one */
    if (n == 1 && experiment_same_run(&plan[0], &s->steps[step].exp))
        n = 0;
    host->measure(host->ctx, &s->steps[step].exp, plan, n);
}

void demo_start(demo *dm, const demo_host *host, const results *model)
{
    enter(dm, 0, host, model);
}

bool demo_go(demo *dm, int dir, const demo_host *host, const results *model)
{
    const int to = dm->step + dir;
    if (to < 0 || to >= dm->script.count)
        return false;
    enter(dm, to, host, model);
    return true;
}

/* The calibration run is in: the size for the matrix steps, and the step that waited on
 * it starts. */
static bool take_calibration(demo *dm, const demo_host *host, const results *model)
{
    if (!dm->calibrating || dm->script.size != 0)
        return false;
    const experiment cal = demo_calibration(&dm->script);
    const result_row *row = results_find(model, &cal);
    if (!row)
        return false;
    demo_script_set_size(&dm->script, demo_size_from_rate(row->s.gflops, DEMO_TARGET_S));
    dm->calibrating = false;
    if (demo_step_is_matmul(&dm->script, dm->step))
        enter(dm, dm->step, host, model);
    return true;
}

static bool update_text(demo *dm, const results *model, const runner_snapshot *snap)
{
    const demo_script *s = &dm->script;
    char step_title[128], title[sizeof dm->title], caption[sizeof dm->caption];
    demo_title(s, dm->step, step_title, sizeof step_title);
    snprintf(title, sizeof title, "%d/%d: %s", dm->step + 1, s->count, step_title);
    if (demo_step_is_matmul(s, dm->step) && s->size == 0)
        snprintf(caption, sizeof caption,
                 "Choosing the matrix size for this machine: timing %s at n=%d first...",
                 variant_name(variant_baseline()), DEMO_CALIBRATION_N);
    else
        demo_caption(s, dm->step, model, snap->events, snap->nevents, caption, sizeof caption);
    const bool changed = strcmp(title, dm->title) != 0 || strcmp(caption, dm->caption) != 0;
    memcpy(dm->title, title, sizeof title);
    memcpy(dm->caption, caption, sizeof caption);
    return changed;
}

bool demo_tick(demo *dm, const demo_host *host, const results *model, const runner_snapshot *snap,
               double now)
{
    const demo_script *s = &dm->script;
    bool redraw = take_calibration(dm, host, model);
    /* a step that cannot run (out of memory at its size) counts as shown: --auto goes on */
    const bool failed =
        snap->state == RUNNER_FAILED && experiment_same_run(&snap->wanted, &s->steps[dm->step].exp);
    if (dm->shown_at == 0.0 && (failed || demo_step_measured(s, dm->step, model))) {
        dm->shown_at = now;
        redraw = true;
    }
    const bool summary = s->steps[dm->step].kind == DEMO_SUMMARY;
    /* every row of the table is in: nothing more to measure, the machine rests */
    if (summary && !dm->held && dm->shown_at > 0.0 && !snap->planning) {
        host->pause(host->ctx);
        dm->held = true;
    }
    if (dm->auto_s > 0 && !summary && dm->shown_at > 0.0 && now - dm->shown_at >= dm->auto_s) {
        enter(dm, dm->step + 1, host, model);
        redraw = true;
    }
    redraw = update_text(dm, model, snap) || redraw;
    dm->view = (demo_view){
        .step = dm->step,
        .count = s->count,
        .summary = s->steps[dm->step].kind == DEMO_SUMMARY,
        .title = dm->title,
        .caption = dm->caption,
        .matmul = s->matmul,
        .network = s->network,
    };
    return redraw;
}

const demo_view *demo_view_of(const demo *dm)
{
    return &dm->view;
}

int demo_caption_lines(const demo *dm)
{
    (void)dm;
    return CAPTION_LINES;
}
