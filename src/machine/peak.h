/* The peak a run could reach, for "% of peak": the measured per-core peak of the ISA it ran
 * (machine/figures.h) times the cores its threads can really use (threads beyond the
 * online CPUs add nothing). The figures are process-wide: a face loads or measures them
 * once (machine_figures_start, machine_figures_ensure), then every results model reads
 * them through machine_peak_gflops. */
#ifndef TTTOP_PEAK_H
#define TTTOP_PEAK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/sample.h"
#include "machine/figures.h"

/* A results_peak_fn: GFLOP/s, NAN while no figures are known. ctx is unused. */
double machine_peak_gflops(const sample *s, void *ctx);
/* The cores `threads` threads can use on this machine. */
int machine_usable_cores(int threads);

typedef enum figures_state {
    FIGURES_UNKNOWN = 0, /* none cached, none measured (TTTOP_NO_MEASURE, or it failed) */
    FIGURES_MEASURING,   /* a quick measurement runs in the background */
    FIGURES_READY,
} figures_state;

/* Measuring is allowed unless TTTOP_NO_MEASURE is set (tests that must not spend the
 * time); cached figures are read either way. */
bool machine_measure_allowed(void);
/* Use these figures from now on (a face that measured them, tests). NULL forgets them. */
void machine_figures_use(const machine_figures *f);
/* Where the figures stand; *out (may be NULL) receives them when READY. */
figures_state machine_figures_now(machine_figures *out);
/* The dashboard's start: the cached figures at once, else a quick measurement in a thread
 * of its own (cached when done) that never holds anything up. A broken cache's reason, or
 * why nothing is measured, goes into note (may be empty). */
void machine_figures_start(char *note, size_t len);
/* A one-line note from the background measurement once it ended ("" when none): its
 * failure, or that the figures could not be cached. Cleared by reading. */
void machine_figures_take_note(char *note, size_t len);
/* Stop a background measurement and wait for it (at exit). */
void machine_figures_stop(void);
/* For headless faces: the cached figures, else (when allowed) a quick measurement now,
 * announced by `say` before it starts, and cached. 0 with the figures in use; -1 when
 * there are none (why in err). */
int machine_figures_ensure(void (*say)(const char *line), char *err, size_t errlen);

#endif
