#include "core/results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"

/* Medians kept per row for the median of medians: the recent ones. */
#define ROW_MEDIANS 128

typedef struct row_slot {
    result_row row;
    double medians[ROW_MEDIANS];
    uint64_t last_update;
} row_slot;

typedef struct sim_entry {
    experiment run;
    sim_counts sim;
} sim_entry;

struct results {
    row_slot **rows;
    int count, cap;
    sim_entry *sims;
    int nsims, sims_cap;
    uint64_t clock;
    history_point history[RESULTS_HISTORY];
    int history_start, history_count;
    experiment last_run;
    bool have_last_run;
    results_peak_fn peak;
    void *peak_ctx;
    experiment skipped[RESULTS_SKIPPED_MAX]; /* oldest first */
    int nskipped;
    int max_rows; /* 0: every row is kept */
};

results *results_create(void)
{
    return calloc(1, sizeof(results));
}

void results_free(results *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->count; i++)
        free(r->rows[i]);
    free(r->rows);
    free(r->sims);
    free(r);
}

static void compute_peak(const results *r, result_row *row)
{
    row->peak_gflops = r->peak ? r->peak(&row->s, r->peak_ctx) : NAN;
    row->percent_of_peak = row->peak_gflops > 0 && isfinite(row->s.gflops)
                               ? 100.0 * row->s.gflops / row->peak_gflops
                               : NAN;
}

void results_set_peak(results *r, results_peak_fn peak, void *ctx)
{
    r->peak = peak;
    r->peak_ctx = ctx;
    for (int i = 0; i < r->count; i++)
        compute_peak(r, &r->rows[i]->row);
}

static int find_index(const results *r, const experiment *run)
{
    for (int i = 0; i < r->count; i++)
        if (experiment_same_run(&r->rows[i]->row.s.exp, run))
            return i;
    return -1;
}

const result_row *results_find(const results *r, const experiment *run)
{
    int i = find_index(r, run);
    return i >= 0 ? &r->rows[i]->row : NULL;
}

/* The most recently updated row of variant v at e's setting. */
static const row_slot *latest_of(const results *r, const experiment *e, int v)
{
    const row_slot *best = NULL;
    for (int i = 0; i < r->count; i++) {
        const row_slot *slot = r->rows[i];
        if (slot->row.s.exp.variant == v && experiment_same_setting(&slot->row.s.exp, e) &&
            (!best || slot->last_update > best->last_update))
            best = slot;
    }
    return best;
}

/* Speed-up and slowdown of every row at e's setting. */
static void compare_setting(results *r, const experiment *e)
{
    const int base_v = variant_baseline(), ref_v = variant_reference();
    const row_slot *base = base_v >= 0 ? latest_of(r, e, base_v) : NULL;
    const row_slot *ref = ref_v >= 0 ? latest_of(r, e, ref_v) : NULL;
    for (int i = 0; i < r->count; i++) {
        result_row *row = &r->rows[i]->row;
        if (!experiment_same_setting(&row->s.exp, e))
            continue;
        const double t = row->s.t_median;
        row->speedup_vs_baseline = base ? base->row.s.t_median / t : NAN;
        row->slowdown_vs_reference = ref ? t / ref->row.s.t_median : NAN;
    }
}

void results_set_max_rows(results *r, int max_rows)
{
    r->max_rows = max_rows > 0 ? max_rows : 0;
}

/* Past the bound: the row updated longest ago goes; the others keep their order. */
static void forget_oldest(results *r)
{
    int oldest = 0;
    for (int i = 1; i < r->count; i++)
        if (r->rows[i]->last_update < r->rows[oldest]->last_update)
            oldest = i;
    free(r->rows[oldest]);
    memmove(&r->rows[oldest], &r->rows[oldest + 1],
            (size_t)(r->count - oldest - 1) * sizeof(row_slot *));
    r->count--;
}

static row_slot *new_row(results *r)
{
    while (r->max_rows > 0 && r->count >= r->max_rows)
        forget_oldest(r);
    if (r->count == r->cap) {
        int cap = r->cap ? 2 * r->cap : 16;
        row_slot **rows = realloc(r->rows, (size_t)cap * sizeof(row_slot *));
        if (!rows)
            return NULL;
        r->rows = rows;
        r->cap = cap;
    }
    row_slot *slot = calloc(1, sizeof *slot);
    if (slot)
        r->rows[r->count++] = slot;
    return slot;
}

static void add_history(results *r, const sample *s)
{
    history_point p = {
        .seq = s->seq,
        .variant = s->exp.variant,
        .setting_changed = r->have_last_run && !experiment_same_run(&r->last_run, &s->exp),
        .gflops = s->gflops,
        .t_median = s->t_median,
        .loss = s->loss,
        .accuracy = s->accuracy,
    };
    r->last_run = s->exp;
    r->have_last_run = true;
    if (r->history_count == RESULTS_HISTORY) {
        r->history_start = (r->history_start + 1) % RESULTS_HISTORY;
        r->history_count--;
    }
    r->history[(r->history_start + r->history_count) % RESULTS_HISTORY] = p;
    r->history_count++;
}

static int skipped_index(const results *r, const experiment *run)
{
    for (int i = 0; i < r->nskipped; i++)
        if (experiment_same_run(&r->skipped[i], run))
            return i;
    return -1;
}

static void drop_skipped(results *r, int i)
{
    memmove(&r->skipped[i], &r->skipped[i + 1],
            (size_t)(r->nskipped - i - 1) * sizeof r->skipped[0]);
    r->nskipped--;
}

void results_note_skipped(results *r, const sample *s)
{
    if (skipped_index(r, &s->exp) >= 0)
        return;
    if (r->nskipped == RESULTS_SKIPPED_MAX)
        drop_skipped(r, 0); /* the oldest */
    r->skipped[r->nskipped++] = s->exp;
}

bool results_skipped(const results *r, const experiment *run)
{
    return skipped_index(r, run) >= 0;
}

const result_row *results_add(results *r, const sample *s)
{
    if (s->skipped) {
        results_note_skipped(r, s);
        return NULL;
    }
    const int was_skipped = skipped_index(r, &s->exp);
    if (was_skipped >= 0)
        drop_skipped(r, was_skipped);
    int i = find_index(r, &s->exp);
    row_slot *slot = i >= 0 ? r->rows[i] : new_row(r);
    if (!slot)
        return NULL;
    result_row *row = &slot->row;
    if (i < 0) {
        const sim_counts *sim = results_simulated(r, &s->exp);
        if (sim)
            row->sim = *sim;
    }
    sample in = *s;
    /* a run is checked once: later samples carry its verdict */
    if (in.verdict == CHECK_NOT_RUN && row->nsamples > 0 && row->s.verdict != CHECK_NOT_RUN) {
        in.verdict = row->s.verdict;
        in.max_rel_err = row->s.max_rel_err;
        in.tolerance = row->s.tolerance;
    }
    if (row->nsamples == 0 || in.t_min < row->best_s || isnan(row->best_s))
        row->best_s = in.t_min;
    slot->medians[row->nsamples % ROW_MEDIANS] = in.t_median;
    row->nsamples++;
    const int n = row->nsamples < ROW_MEDIANS ? row->nsamples : ROW_MEDIANS;
    double tmp[ROW_MEDIANS];
    memcpy(tmp, slot->medians, (size_t)n * sizeof tmp[0]);
    row->median_s = stats_median_inplace(tmp, (size_t)n);
    row->s = in;
    slot->last_update = ++r->clock;
    compute_peak(r, row);
    compare_setting(r, &in.exp);
    add_history(r, &in);
    return row;
}

const result_row *results_insert(results *r, const result_row *row)
{
    row_slot *slot = new_row(r);
    if (!slot)
        return NULL;
    slot->row = *row;
    slot->medians[0] = row->s.t_median;
    slot->last_update = ++r->clock;
    return &slot->row;
}

int results_count(const results *r)
{
    return r->count;
}

const result_row *results_row(const results *r, int index)
{
    return index >= 0 && index < r->count ? &r->rows[index]->row : NULL;
}

void results_ladder(const results *r, const experiment *e, const result_row **out)
{
    for (int v = 0; v < variants_count(); v++) {
        const row_slot *slot = latest_of(r, e, v);
        out[v] = slot ? &slot->row : NULL;
    }
    if (e->variant >= 0 && e->variant < variants_count()) {
        const result_row *own = results_find(r, e);
        if (own)
            out[e->variant] = own;
    }
}

int results_at_setting(const results *r, const experiment *e, const result_row **out, int cap)
{
    int n = 0;
    for (int i = 0; i < r->count && n < cap; i++)
        if (experiment_same_setting(&r->rows[i]->row.s.exp, e))
            out[n++] = &r->rows[i]->row;
    return n;
}

int results_set_simulated(results *r, const experiment *run, const sim_counts *sim)
{
    int i = 0;
    while (i < r->nsims && !experiment_same_run(&r->sims[i].run, run))
        i++;
    if (i == r->nsims && r->max_rows > 0 && r->nsims >= r->max_rows) { /* the oldest goes */
        memmove(&r->sims[0], &r->sims[1], (size_t)(r->nsims - 1) * sizeof r->sims[0]);
        i = --r->nsims;
    }
    if (i == r->nsims) {
        if (r->nsims == r->sims_cap) {
            int cap = r->sims_cap ? 2 * r->sims_cap : 16;
            sim_entry *grown = realloc(r->sims, (size_t)cap * sizeof *grown);
            if (!grown)
                return -1;
            r->sims = grown;
            r->sims_cap = cap;
        }
        r->sims[r->nsims++].run = *run;
    }
    r->sims[i].sim = *sim;
    int row = find_index(r, run);
    if (row >= 0)
        r->rows[row]->row.sim = *sim;
    return 0;
}

const sim_counts *results_simulated(const results *r, const experiment *run)
{
    for (int i = 0; i < r->nsims; i++)
        if (experiment_same_run(&r->sims[i].run, run))
            return &r->sims[i].sim;
    return NULL;
}

void results_forget_setting(results *r, const experiment *e)
{
    int kept = 0;
    for (int i = 0; i < r->count; i++) {
        if (experiment_same_setting(&r->rows[i]->row.s.exp, e))
            free(r->rows[i]);
        else
            r->rows[kept++] = r->rows[i];
    }
    r->count = kept;
    r->history_start = r->history_count = 0;
    r->have_last_run = false;
}

int results_history_count(const results *r)
{
    return r->history_count;
}

const history_point *results_history_at(const results *r, int index)
{
    if (index < 0 || index >= r->history_count)
        return NULL;
    return &r->history[(r->history_start + index) % RESULTS_HISTORY];
}
