/* The course's baseline table, one block per setting, for a person at a terminal. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

/* Counter columns in the table: the first few countable events. */
#define TABLE_MAX_COUNTER_COLUMNS 4

static int counter_columns(const report *r, int *index)
{
    int n = 0;
    for (int i = 0; i < r->nevents && n < TABLE_MAX_COUNTER_COLUMNS; i++)
        if (r->events[i].available)
            index[n++] = i;
    return n;
}

static void print_setting_title(FILE *out, const sample *s)
{
    char shape[64], tmin[32];
    experiment_describe_shape(&s->exp, shape, sizeof shape);
    format_seconds(tmin, sizeof tmin, s->exp.min_time);
    int threads = s->exp.tun.threads > 0 ? s->exp.tun.threads : 1;
    char thr[64] = "1 thread";
    if (threads > 1)
        snprintf(thr, sizeof thr, "%d threads for microkernel and openblas", threads);
    fprintf(out, "%s %s, %s, each variant measured for at least %s\n",
            workload_name(s->exp.workload), shape, thr, tmin);
    if (s->exp.workload == WORKLOAD_TRAIN)
        fprintf(out, "(one network per batch size: training goes on from each variant to the "
                     "next; accuracy on held-out data, in %%)\n");
}

static void print_header(FILE *out, const report *r, const int *cols, int ncols, bool train)
{
    fprintf(out, "  %-12s %9s %9s %8s %9s %9s %4s %-12s", "variant", "median", "min", "GFLOP/s",
            "vs blas", "vs naive", "thr", "check");
    if (train)
        fprintf(out, " %-16s %-14s", "loss", "accuracy");
    for (int c = 0; c < ncols; c++)
        fprintf(out, " %12.12s", report_event_short_name(r->events[cols[c]].name));
    fputc('\n', out);
}

static void print_row(FILE *out, const report_row *row, const int *cols, int ncols, bool train)
{
    const sample *s = &row->s;
    char med[32], min[32], gf[32], blas[32], naive[32], check[40];
    format_seconds(med, sizeof med, s->t_median);
    format_seconds(min, sizeof min, s->t_min);
    format_gflops(gf, sizeof gf, s->gflops);
    format_ratio(blas, sizeof blas, row->slowdown_vs_openblas);
    format_ratio(naive, sizeof naive, row->speedup_vs_naive);
    if (s->verdict == CHECK_NOT_RUN)
        snprintf(check, sizeof check, "not checked");
    else
        snprintf(check, sizeof check, "%s %.1e", s->verdict == CHECK_PASS ? "ok" : "FAIL",
                 s->max_rel_err);
    fprintf(out, "  %-12s %9s %9s %8s %9s %9s %4d %-12s", experiment_variant_name(&s->exp), med,
            min, gf, blas, naive, s->threads_used, check);
    if (train)
        fprintf(out, " %6.3f -> %-6.3f %5.1f -> %-5.1f", s->loss_start, s->loss,
                100.0 * s->accuracy_start, 100.0 * s->accuracy);
    for (int c = 0; c < ncols; c++) {
        char v[32];
        format_count(v, sizeof v, s->counts[cols[c]]);
        fprintf(out, " %12s", v);
    }
    fputc('\n', out);
}

static void print_profile(FILE *out, const report *r, const sample *s, const int *cols, int ncols)
{
    const profile *p = &s->prof;
    if (p->count == 0)
        return;
    fprintf(out, "\n  per-layer profile: %s (over %d pass%s)\n", experiment_variant_name(&s->exp),
            s->reps, s->reps == 1 ? "" : "es");
    fprintf(out, "    %-12s %6s %9s %9s %6s", "section", "calls", "total", "per call", "share");
    for (int c = 0; c < ncols; c++)
        fprintf(out, " %12.12s", report_event_short_name(r->events[cols[c]].name));
    fputc('\n', out);
    for (int i = 0; i < p->count; i++) {
        const profile_entry *e = &p->entries[i];
        char total[32], per[32];
        format_seconds(total, sizeof total, e->total_s);
        format_seconds(per, sizeof per, e->calls ? e->total_s / e->calls : NAN);
        fprintf(out, "    %-12s %6ld %9s %9s %5.1f%%", e->name, e->calls, total, per,
                100.0 * profile_share(p, i));
        for (int c = 0; c < ncols; c++) {
            char v[32];
            format_count(v, sizeof v, e->counts[cols[c]]);
            fprintf(out, " %12s", v);
        }
        fputc('\n', out);
    }
}

int report_write_table(const report *r, FILE *out)
{
    int cols[TABLE_MAX_COUNTER_COLUMNS];
    int ncols = counter_columns(r, cols);
    bool *done = calloc((size_t)(r->count ? r->count : 1), sizeof *done);
    if (!done)
        return -1;
    for (int i = 0; i < r->count; i++) {
        if (done[i])
            continue;
        const sample *first = &r->rows[i].s;
        bool train = first->exp.workload == WORKLOAD_TRAIN;
        if (i > 0)
            fputc('\n', out);
        print_setting_title(out, first);
        print_header(out, r, cols, ncols, train);
        for (int j = i; j < r->count; j++) {
            if (!done[j] && experiment_same_setting(&r->rows[j].s.exp, &first->exp)) {
                print_row(out, &r->rows[j], cols, ncols, train);
            }
        }
        for (int j = i; j < r->count; j++) {
            if (!done[j] && experiment_same_setting(&r->rows[j].s.exp, &first->exp)) {
                print_profile(out, r, &r->rows[j].s, cols, ncols);
                done[j] = true;
            }
        }
    }
    free(done);
    if (r->counter_summary)
        fprintf(out, "\n%s\n", r->counter_summary);
    if (ncols > 0)
        fprintf(out, "counters are per repetition%s; all events in JSON (--format json)\n",
                r->count && r->rows[0].s.threads_used > 1 ? ", calling thread only" : "");
    return ferror(out) ? -1 : 0;
}
