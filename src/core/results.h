/* The results model: what every face reads. One row per run measured (a setting, a
 * variant and its tunables) with the latest sample and the statistics over its samples,
 * a bounded history of samples for charts, and every comparison (speed-up over the
 * baseline, slowdown against the reference, % of peak) computed here, once, when a
 * sample arrives. Not thread-safe: one thread (the face's) owns a model. */
#ifndef TTTOP_RESULTS_H
#define TTTOP_RESULTS_H

#include <stdbool.h>

#include "core/sample.h"
#include "counters/simulated.h"

#define RESULTS_HISTORY 240

typedef struct result_row {
    sample s;        /* the latest sample of this run */
    int nsamples;    /* samples of this run so far */
    double best_s;   /* min over samples of t_min */
    double median_s; /* median of the recent samples' medians */
    /* at the same setting, NAN while the other side is not measured */
    double speedup_vs_baseline;   /* baseline t_median / t_median ("x naive") */
    double slowdown_vs_reference; /* t_median / reference t_median ("x openblas") */
    double percent_of_peak;       /* GFLOP/s against the peak of the cores it used */
    double peak_gflops;           /* that peak, NAN when unknown */
    sim_counts sim;               /* simulated counters of this run, .valid false if none */
} result_row;

typedef struct history_point {
    uint64_t seq;
    int variant;
    bool setting_changed; /* first point after a change of run */
    double gflops;
    double t_median;
    double loss, accuracy; /* train only, NAN otherwise */
} history_point;

/* The peak a run could reach, in GFLOP/s, for % of peak; NAN when unknown. */
typedef double (*results_peak_fn)(const sample *s, void *ctx);

typedef struct results results;

results *results_create(void); /* NULL when out of memory */
void results_free(results *r);
/* Keep at most max_rows rows (0: all, the default): a new run past the bound forgets the
 * row updated longest ago, and its pointer with it. For a dashboard left running for
 * hours; bench and the report keep every row they measured. */
void results_set_max_rows(results *r, int max_rows);
/* % of peak from this function (NULL: not shown). Recomputes the rows there are. */
void results_set_peak(results *r, results_peak_fn peak, void *ctx);

/* Fold a sample in: its run's row is created or updated, the comparisons of every row at
 * its setting are recomputed, a history point is added. Returns the row, NULL when out
 * of memory or when the sample is a skipped point (noted as results_note_skipped does). */
const result_row *results_add(results *r, const sample *s);

/* A row measured elsewhere (a saved file), kept exactly as given, its comparisons
 * included: nothing is recomputed, merged or added to the history. Returns the row, NULL
 * when out of memory. */
const result_row *results_insert(results *r, const result_row *row);
/* A sweep point the runner skipped (sample.skipped): no row, but remembered (the latest
 * RESULTS_SKIPPED_MAX) so that a chart can mark it; a later sample of the run forgets it. */
#define RESULTS_SKIPPED_MAX 256
void results_note_skipped(results *r, const sample *s);
bool results_skipped(const results *r, const experiment *run);

int results_count(const results *r);
const result_row *results_row(const results *r, int index); /* first-measured order */
const result_row *results_find(const results *r, const experiment *run);
/* The ladder at e's setting: out[v] for every variant v (variants_count() entries) is e's
 * own run for e's variant, else the latest row of v at the setting, else NULL. */
void results_ladder(const results *r, const experiment *e, const result_row **out);
/* Rows at e's setting, in first-measured order; returns how many were written (at most
 * cap). */
int results_at_setting(const results *r, const experiment *e, const result_row **out, int cap);

/* Simulated counts of a run (core/simulate.h): kept for its row, now or when it comes
 * (they arrive on their own clock). A reset keeps them: they are deterministic. Returns
 * 0, -1 when out of memory. */
int results_set_simulated(results *r, const experiment *run, const sim_counts *sim);
/* The simulated counts of a run, NULL when there are none. */
const sim_counts *results_simulated(const results *r, const experiment *run);

/* Forget the rows at e's setting and the whole history (the dashboard's reset). */
void results_forget_setting(results *r, const experiment *e);

int results_history_count(const results *r);
const history_point *results_history_at(const results *r, int index); /* oldest first */

#endif
