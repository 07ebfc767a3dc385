/* The course's baseline table, one block per setting, for a person at an 80-column
 * terminal: timings and comparisons first, counters (with units) in a block of their own
 * under them. --wide puts everything on one long row per result instead. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "counters/metrics.h"
#include "report/format.h"

/* Counter columns per line in the 80-column layout. */
#define COUNTER_COLUMNS 5
/* Profile counter columns in the 80-column layout. */
#define PROFILE_COUNTER_COLUMNS 2

static int available_events(const report_counters *c, int *index)
{
    int n = 0;
    for (int i = 0; c && i < c->nevents && n < COUNTERS_MAX; i++)
        if (c->events[i].available)
            index[n++] = i;
    return n;
}

static void print_setting_title(FILE *out, const sample *s)
{
    char shape[64], tmin[32], thr[64] = "1 thread";
    experiment_describe_shape(&s->exp, shape, sizeof shape);
    format_seconds(tmin, sizeof tmin, s->exp.min_time);
    const int threads = experiment_threads(&s->exp);
    if (threads > 1)
        snprintf(thr, sizeof thr, "%d threads where a variant uses them", threads);
    fprintf(out, "%s %s, %s, at least %s per variant\n", workload_name(s->exp.workload), shape, thr,
            tmin);
    if (s->exp.workload == WORKLOAD_TRAIN)
        fprintf(out, "(one network per batch size: training goes on from each variant to the "
                     "next)\n");
}

static void format_check(char *buf, size_t len, const sample *s)
{
    if (s->reference)
        snprintf(buf, len, "reference");
    else if (s->verdict == CHECK_NOT_RUN)
        snprintf(buf, len, "not checked");
    else if (s->verdict == CHECK_PASS)
        snprintf(buf, len, "ok <%.0e", s->tolerance);
    else
        snprintf(buf, len, "FAIL %.0e", s->max_rel_err);
}

/* The cells every layout shares. */
typedef struct row_cells {
    char tunables[48];
    const char *mark;
    char med[32], min[32], max[32], gf[32], ref[32], base[32], check[32], peak[32];
} row_cells;

static void fill_cells(const result_row *row, row_cells *c)
{
    const sample *s = &row->s;
    char tun[40];
    report_tunables(s, tun, sizeof tun, &c->mark);
    snprintf(c->tunables, sizeof c->tunables, "%s%s", tun, c->mark);
    format_seconds(c->med, sizeof c->med, s->t_median);
    format_seconds(c->min, sizeof c->min, s->t_min);
    format_seconds(c->max, sizeof c->max, s->t_max);
    format_gflops(c->gf, sizeof c->gf, s->gflops);
    format_ratio(c->ref, sizeof c->ref, row->slowdown_vs_reference);
    format_ratio(c->base, sizeof c->base, row->speedup_vs_baseline);
    format_check(c->check, sizeof c->check, s);
    if (isfinite(row->percent_of_peak))
        snprintf(c->peak, sizeof c->peak, "%.0f%%", row->percent_of_peak);
    else
        snprintf(c->peak, sizeof c->peak, "-");
}

/* "x openblas": the ratio columns are named after the variants they compare with. */
static const char *vs_title(int v, char *buf, size_t len)
{
    snprintf(buf, len, "x %.8s", v >= 0 ? variant_name(v) : "?");
    return buf;
}

/* 2 + 11 + 1 + 12 + 1 + (7 + 1) * 3 + 10 + 1 + 7 + 1 + 9 = 79 columns. */
static void print_narrow_rows(FILE *out, const result_row **rows, int n)
{
    char vb[16], vn[16];
    fprintf(out, "  %-11s %-12s %7s %7s %7s %10s %7s %s\n", "variant", "tunables", "median", "min",
            "GFLOP/s", vs_title(variant_reference(), vb, sizeof vb),
            vs_title(variant_baseline(), vn, sizeof vn), "check");
    for (int i = 0; i < n; i++) {
        row_cells c;
        fill_cells(rows[i], &c);
        fprintf(out, "  %-11.11s %-12.12s %7s %7s %7s %10s %7s %s\n",
                variant_name(rows[i]->s.exp.variant), c.tunables, c.med, c.min, c.gf, c.ref, c.base,
                c.check);
    }
}

static void print_legend(FILE *out, const result_row **rows, int n)
{
    bool tuned = false, model = false;
    char multi[160] = "";
    for (int i = 0; i < n; i++) {
        row_cells c;
        fill_cells(rows[i], &c);
        tuned = tuned || strcmp(c.mark, "*") == 0;
        model = model || strcmp(c.mark, "~") == 0;
        const int v = rows[i]->s.exp.variant;
        int shown = 0;
        char names[64] = "";
        for (int t = 0; t < variant_tunable_count(v); t++) {
            const variant_tunable *vt = variant_tunable_at(v, t);
            if (vt->per_setting)
                continue;
            size_t used = strlen(names);
            snprintf(names + used, sizeof names - used, "%s%s", shown++ ? "/" : "", vt->label);
        }
        char entry[96];
        snprintf(entry, sizeof entry, "%s %s", variant_name(v), names);
        if (shown > 1 && !strstr(multi, entry)) {
            size_t used = strlen(multi);
            snprintf(multi + used, sizeof multi - used, "%s%s", used ? ", " : "", entry);
        }
    }
    if (multi[0])
        fprintf(out, "  tunables: %s\n", multi);
    if (tuned || model)
        fprintf(out, "  %s%s%s\n", tuned ? "* saved by tttop tune" : "",
                tuned && model ? "   " : "",
                model ? "~ the variant's choice for this machine" : "");
}

static void print_training(FILE *out, const result_row **rows, int n)
{
    fprintf(out, "  %-11s %-24s %s\n", "variant", "loss", "held-out accuracy");
    for (int i = 0; i < n; i++) {
        const sample *s = &rows[i]->s;
        char loss[40];
        snprintf(loss, sizeof loss, "%.3f -> %.3f", s->loss_start, s->loss);
        fprintf(out, "  %-11.11s %-24s %.1f%% -> %.1f%%\n", variant_name(s->exp.variant), loss,
                100.0 * s->accuracy_start, 100.0 * s->accuracy);
    }
}

/* The row's name in the counter block: "blocked:32" when the variant has several rows. */
static void row_label(const result_row **rows, int n, int i, char *buf, size_t len)
{
    const int v = rows[i]->s.exp.variant;
    int same = 0;
    for (int j = 0; j < n; j++)
        same += rows[j]->s.exp.variant == v;
    if (same < 2) {
        snprintf(buf, len, "%s", variant_name(v));
        return;
    }
    char tun[40];
    const char *mark;
    report_tunables(&rows[i]->s, tun, sizeof tun, &mark);
    const char *value = strrchr(tun, ' ') ? strrchr(tun, ' ') + 1 : tun;
    const int keep = 11 - 1 - (int)strlen(value);
    snprintf(buf, len, "%.*s:%.10s", keep > 1 ? keep : 1, variant_name(v), value);
}

static void print_counter_block(FILE *out, const report_counters *c, const result_row **rows, int n,
                                const int *cols, int ncols)
{
    bool calling_only = false;
    for (int i = 0; i < n; i++)
        calling_only = calling_only || rows[i]->s.threads_used > 1;
    fprintf(out, "  counters per repetition%s\n",
            calling_only ? " (multi-threaded rows: the calling thread only)" : "");
    for (int first = 0; first < ncols; first += COUNTER_COLUMNS) {
        const int last = first + COUNTER_COLUMNS < ncols ? first + COUNTER_COLUMNS : ncols;
        fprintf(out, "  %-11s", "variant");
        for (int k = first; k < last; k++)
            fprintf(out, " %12.12s", report_event_title(c->events[cols[k]].name));
        fputc('\n', out);
        for (int i = 0; i < n; i++) {
            char label[40];
            row_label(rows, n, i, label, sizeof label);
            fprintf(out, "  %-11.11s", label);
            for (int k = first; k < last; k++) {
                char v[32];
                report_event_value(v, sizeof v, c->events[cols[k]].name,
                                   rows[i]->s.counts[cols[k]]);
                fprintf(out, " %12s", v);
            }
            fputc('\n', out);
        }
    }
}

/* Simulated counts per multiply, one row per result that has them; the line under it says
 * what simulated them and over which band. 2 + 11 + (1 + 8) * 5 + 1 + 9 + 1 + 9 = 78. */
static void print_simulated_block(FILE *out, const result_row **rows, int n)
{
    int have = 0;
    for (int i = 0; i < n; i++)
        have += rows[i]->sim.valid;
    if (have == 0)
        return;
    const sim_counts *first = NULL;
    for (int i = 0; i < n && !first; i++)
        if (rows[i]->sim.valid)
            first = &rows[i]->sim;
    char caches[96];
    sim_geometry_describe(&first->geometry, caches, sizeof caches);
    fprintf(out, "\n  simulated by %s (%s), per multiply\n", first->tool, caches);
    fprintf(out, "  %-11s %8s %8s %8s %8s %8s %9s %9s\n", "variant", "instr", "L1D acc", "L1D miss",
            "L1 miss", "LL miss", "miss/FLOP", "AI mem");
    for (int i = 0; i < n; i++) {
        const sim_counts *sim = &rows[i]->sim;
        if (!sim->valid)
            continue;
        metrics m;
        metrics_compute_sim(NULL, 0, NULL, sim, sim->flops, experiment_min_bytes(&rows[i]->s.exp),
                            NAN, &m);
        char label[40], ins[16], acc[16], l1m[16], llm[16], ratio[16], per[16], ai[16];
        row_label(rows, n, i, label, sizeof label);
        format_count(ins, sizeof ins, sim->instructions);
        format_count(acc, sizeof acc, sim->l1d_accesses);
        format_count(l1m, sizeof l1m, sim->l1d_misses);
        format_count(llm, sizeof llm, sim->ll_misses);
        snprintf(ratio, sizeof ratio, "%.1f%%",
                 m.l1_miss_ratio.has ? 100 * m.l1_miss_ratio.value : NAN);
        snprintf(per, sizeof per, "%.3g", m.l1_per_flop.has ? m.l1_per_flop.value : NAN);
        snprintf(ai, sizeof ai, "%.1f F/B", m.ai_counted.has ? m.ai_counted.value : NAN);
        fprintf(out, "  %-11.11s %8s %8s %8s %8s %8s %9s %9s\n", label, ins, acc, l1m, ratio, llm,
                per, ai);
    }
    for (int i = 0; i < n; i++) {
        const sim_counts *sim = &rows[i]->sim;
        if (!sim->valid)
            continue;
        char band[96];
        report_sim_band(sim, band, sizeof band);
        char extra[64] = "";
        const char *ran = rows[i]->s.isa;
        if (sim->isa[0] && ran && strcmp(sim->isa, ran) != 0)
            snprintf(extra, sizeof extra, "; %s tile (ran %s)", sim->isa, ran);
        if (rows[i]->s.threads_used > 1) {
            size_t used = strlen(extra);
            snprintf(extra + used, sizeof extra - used, "; 1 thread (ran %d)",
                     rows[i]->s.threads_used);
        }
        fprintf(out, "  %-11.11s %s%s\n", variant_name(rows[i]->s.exp.variant), band, extra);
    }
    if (first->geometry.note[0])
        fprintf(out, "  note: %s\n", first->geometry.note);
}

static void print_wide_rows(FILE *out, const report_counters *c, const result_row **rows, int n,
                            const int *cols, int ncols)
{
    char vb[16], vn[16];
    const bool train = rows[0]->s.exp.workload == WORKLOAD_TRAIN;
    fprintf(out, "  %-11s %-20s %9s %9s %9s %8s %6s %10s %8s %4s %-11s", "variant", "tunables",
            "median", "min", "max", "GFLOP/s", "peak", vs_title(variant_reference(), vb, sizeof vb),
            vs_title(variant_baseline(), vn, sizeof vn), "thr", "check");
    if (train)
        fprintf(out, " %-16s %-14s", "loss", "accuracy %");
    for (int k = 0; k < ncols; k++)
        fprintf(out, " %12.12s", report_event_title(c->events[cols[k]].name));
    fputc('\n', out);
    for (int i = 0; i < n; i++) {
        const sample *s = &rows[i]->s;
        row_cells cells;
        fill_cells(rows[i], &cells);
        fprintf(out, "  %-11s %-20s %9s %9s %9s %8s %6s %10s %8s %4d %-11s",
                variant_name(s->exp.variant), cells.tunables, cells.med, cells.min, cells.max,
                cells.gf, cells.peak, cells.ref, cells.base, s->threads_used, cells.check);
        if (train)
            fprintf(out, " %6.3f -> %-6.3f %5.1f -> %-5.1f", s->loss_start, s->loss,
                    100.0 * s->accuracy_start, 100.0 * s->accuracy);
        for (int k = 0; k < ncols; k++) {
            char v[32];
            report_event_value(v, sizeof v, c->events[cols[k]].name, s->counts[cols[k]]);
            fprintf(out, " %12s", v);
        }
        fputc('\n', out);
    }
}

static void print_profile(FILE *out, const report_counters *c, const sample *s, const int *cols,
                          int ncols)
{
    const profile *p = &s->prof;
    if (p->count == 0)
        return;
    fprintf(out, "\n  per-layer profile: %s (over %d pass%s)\n", variant_name(s->exp.variant),
            s->reps, s->reps == 1 ? "" : "es");
    fprintf(out, "    %-12s %6s %9s %9s %6s", "section", "calls", "total", "per call", "share");
    for (int k = 0; k < ncols; k++)
        fprintf(out, " %12.12s", report_event_title(c->events[cols[k]].name));
    fputc('\n', out);
    for (int i = 0; i < p->count; i++) {
        const profile_entry *e = &p->entries[i];
        char total[32], per[32];
        format_seconds(total, sizeof total, e->total_s);
        format_seconds(per, sizeof per, e->calls ? e->total_s / e->calls : NAN);
        fprintf(out, "    %-12s %6ld %9s %9s %5.1f%%", e->name, e->calls, total, per,
                100.0 * profile_share(p, i));
        for (int k = 0; k < ncols; k++) {
            char v[32];
            report_event_value(v, sizeof v, c->events[cols[k]].name,
                               e->calls ? e->counts[cols[k]] / e->calls : NAN);
            fprintf(out, " %12s", v);
        }
        fputc('\n', out);
    }
}

static void print_setting(FILE *out, const report_counters *c, const report_style *style,
                          const result_row **rows, int n, const int *cols, int ncols)
{
    if (n < 1 || !rows[0])
        return;
    const bool wide = style && style->wide;
    print_setting_title(out, &rows[0]->s);
    if (wide) {
        print_wide_rows(out, c, rows, n, cols, ncols);
    } else {
        print_narrow_rows(out, rows, n);
        print_legend(out, rows, n);
        if (rows[0]->s.exp.workload == WORKLOAD_TRAIN) {
            fputc('\n', out);
            print_training(out, rows, n);
        }
        if (ncols > 0) {
            fputc('\n', out);
            print_counter_block(out, c, rows, n, cols, ncols);
        }
    }
    print_simulated_block(out, rows, n);
    const int profile_cols =
        wide || ncols < PROFILE_COUNTER_COLUMNS ? ncols : PROFILE_COUNTER_COLUMNS;
    for (int i = 0; i < n; i++)
        print_profile(out, c, &rows[i]->s, cols, profile_cols);
}

int report_write_table(const results *r, const report_counters *c, const report_style *style,
                       FILE *out)
{
    int cols[COUNTERS_MAX];
    const int ncols = available_events(c, cols);
    const int count = results_count(r);
    bool *done = calloc((size_t)(count ? count : 1), sizeof *done);
    const result_row **rows = calloc((size_t)(count ? count : 1), sizeof(const result_row *));
    if (!done || !rows) {
        free(done);
        free(rows);
        return -1;
    }
    bool first = true;
    for (int i = 0; i < count; i++) {
        if (done[i])
            continue;
        const experiment *setting = &results_row(r, i)->s.exp;
        int n = 0;
        for (int j = i; j < count; j++) {
            if (!done[j] && experiment_same_setting(&results_row(r, j)->s.exp, setting)) {
                rows[n++] = results_row(r, j);
                done[j] = true;
            }
        }
        if (!first)
            fputc('\n', out);
        first = false;
        print_setting(out, c, style, rows, n, cols, ncols);
    }
    free(done);
    free(rows);
    if (c && c->summary)
        fprintf(out, "\n%s\n", c->summary);
    bool simulated = false;
    for (int i = 0; i < count; i++)
        simulated = simulated || results_row(r, i)->sim.valid;
    if (c && c->simulation && !simulated) /* why there is no simulated block */
        fprintf(out, "%s\n", c->simulation);
    if (ncols == 0 && count > 0)
        fprintf(out, "no event counted here: tttop events says why\n");
    return ferror(out) ? -1 : 0;
}
