/* The capstone report in Markdown. Every number printed is a field of a run's rows (or a
 * ratio of two of them, said so where it appears), formatted by report/format.h as the
 * table and the dashboard format it; text that came from a file is escaped. */
#include "report/report_markdown.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/version.h"
#include "report/capstone.h"
#include "report/format.h"
#include "report/report.h"

#define MAX_SETTINGS 256
#define CELL 96

/* Text from a file or the command line, made inert: no HTML, links, emphasis or table
 * breaks; control characters become spaces. */
static void md_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        const unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f)
            fputc(' ', out);
        else if (strchr("\\`*_[]<>|#!{}~&", c))
            fprintf(out, "\\%c", c);
        else
            fputc(c, out);
    }
}

/* A command or a file name as code when it can be one, else as escaped text. */
static void md_code(FILE *out, const char *s)
{
    bool plain = true;
    for (const char *p = s; *p; p++)
        if (*p == '`' || (unsigned char)*p < 0x20)
            plain = false;
    if (!plain || !s[0]) {
        md_text(out, s);
        return;
    }
    fputc('`', out);
    for (; *s; s++) /* a pipe would end a table cell, even in a code span */
        fputs(*s == '|' ? "\\|" : (char[2]){*s, '\0'}, out);
    fputc('`', out);
}

/* A file name beside the report as a link target: percent-encoded where a URL needs it. */
static void md_link_target(FILE *out, const char *name)
{
    for (const char *p = name; *p; p++) {
        if (isalnum((unsigned char)*p) || strchr("-_.~/", *p))
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", (unsigned char)*p);
    }
}

static void heading(FILE *out, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void heading(FILE *out, int level, const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fprintf(out, "\n%.*s ", level, "######");
    md_text(out, text);
    fputs("\n\n", out);
}

/* ---- cells ---- */

static const char *cell_time(char *b, double s)
{
    return format_or_na(b, CELL, s, format_seconds);
}

static const char *cell_gflops(char *b, double g)
{
    return format_or_na(b, CELL, g, format_gflops);
}

static const char *cell_ratio(char *b, double r)
{
    return format_or_na(b, CELL, r, format_ratio);
}

static const char *cell_percent(char *b, double p)
{
    if (isfinite(p))
        snprintf(b, CELL, "%.1f%%", p);
    else
        snprintf(b, CELL, "n/a");
    return b;
}

static const char *cell_check(char *b, const sample *s)
{
    if (s->reference)
        snprintf(b, CELL, "reference");
    else if (s->verdict == CHECK_PASS)
        snprintf(b, CELL, "ok %.1e < %.0e", s->max_rel_err, s->tolerance);
    else if (s->verdict == CHECK_FAIL)
        snprintf(b, CELL, "**FAIL** %.1e >= %.0e", s->max_rel_err, s->tolerance);
    else
        snprintf(b, CELL, "not checked");
    return b;
}

static const char *cell_memory(char *b, const sample *s)
{
    if (s->workspace_bytes == 0)
        snprintf(b, CELL, "%s", s->reference ? "its own (not counted)" : "none");
    else
        format_bytes(b, CELL, (double)s->workspace_bytes);
    return b;
}

static const char *cell_tunables(char *b, const report_run *run, int i)
{
    const sample *s = &results_row(run->model, i)->s;
    if (s->exp.variant >= variants_count()) {
        snprintf(b, CELL, "?");
        return b;
    }
    const char *mark;
    report_tunables(s, b, CELL, &mark);
    size_t n = strlen(b);
    if (mark[0] && n + 2 < CELL)
        snprintf(b + n, CELL - n, " %s", mark[0] == '*' ? "(tuned)" : "(chosen)");
    return b;
}

/* ---- the runs' settings ---- */

static const char *shape_of(const experiment *e, char *b, size_t len)
{
    experiment_describe_shape(e, b, len);
    return b;
}

/* Distinct settings of a workload over runs, smallest first. */
static int settings_of(const report_run *runs, int nruns, workload_kind w, experiment *out, int cap)
{
    int n = 0;
    for (int r = 0; r < nruns; r++) {
        for (int i = 0; i < results_count(runs[r].model); i++) {
            const experiment *e = &results_row(runs[r].model, i)->s.exp;
            if (e->workload != w)
                continue;
            bool seen = false;
            for (int j = 0; j < n && !seen; j++)
                seen = report_same_setting(&out[j], e);
            if (!seen && n < cap)
                out[n++] = *e;
        }
    }
    for (int i = 1; i < n; i++) { /* insertion sort by size: the tables read top-down */
        experiment e = out[i];
        int j = i - 1;
        while (j >= 0 && experiment_flops(&out[j]) > experiment_flops(&e)) {
            out[j + 1] = out[j];
            j--;
        }
        out[j + 1] = e;
    }
    return n;
}

bool report_ladder_setting(const report_run *run, experiment *out)
{
    experiment s[MAX_SETTINGS];
    int n = settings_of(run, 1, WORKLOAD_MATMUL, s, MAX_SETTINGS);
    if (n > 0)
        *out = s[n - 1];
    return n > 0;
}

/* Rows of a run at a setting, in the order measured. */
static int rows_at(const report_run *run, const experiment *e, int *idx, int cap)
{
    int n = 0;
    for (int i = 0; i < results_count(run->model) && n < cap; i++)
        if (report_same_setting(&results_row(run->model, i)->s.exp, e))
            idx[n++] = i;
    return n;
}

static const char *baseline_name(void)
{
    int v = variant_baseline();
    return v >= 0 ? variant_name(v) : "?";
}

/* The rung after the baseline: the one the course's first lesson compares it with. */
static const char *next_rung_name(void)
{
    const int v = variant_baseline();
    return v >= 0 && v + 1 < variants_count() ? variant_name(v + 1) : "?";
}

static const char *reference_name(void)
{
    int v = variant_reference();
    return v >= 0 ? variant_name(v) : "?";
}

/* ---- the machine ---- */

static void caches_text(const report_machine *m, char *b, size_t len)
{
    char l1[16], l2[16], l3[16];
    snprintf(b, len, "L1d %s, L2 %s, L3 %s", format_size_short(l1, sizeof l1, m->l1d_bytes),
             format_size_short(l2, sizeof l2, m->l2_bytes),
             format_size_short(l3, sizeof l3, m->l3_bytes));
}

static void peak_text(const report_machine *m, char *b, size_t len)
{
    snprintf(b, len, "%.1f GFLOP/s on one core, %.1f on all (%s, measured %s)", m->peak_per_core,
             m->peak_all_cores, m->figures_isa[0] ? m->figures_isa : "?",
             m->figures_at[0] ? m->figures_at : "");
}

static void bandwidth_text(const report_machine *m, char *b, size_t len)
{
    snprintf(b, len, "%.1f GB/s on one thread, %.1f on all (triad)", m->bw_one_thread,
             m->bw_all_threads);
}

static void nominal_text(const report_machine *m, char *b, size_t len)
{
    if (isfinite(m->nominal_peak_per_core))
        snprintf(b, len, "%.1f GFLOP/s per core (clock x SIMD width, an upper bound)",
                 m->nominal_peak_per_core);
    else
        snprintf(b, len, "unknown");
}

/* The data the network ran on: the first net/train row's, as the run says it. */
static const char *data_of(const report_run *run)
{
    for (int i = 0; i < results_count(run->model); i++)
        if (results_row(run->model, i)->s.exp.workload != WORKLOAD_MATMUL && run->info[i].data[0])
            return run->info[i].data;
    return NULL;
}

static const char *measured_at(const report_run *run)
{
    return results_count(run->model) > 0 && run->info[0].timestamp[0] ? run->info[0].timestamp
                                                                      : "(not recorded)";
}

static void fact(FILE *out, const char *name, const char *value, bool code)
{
    fprintf(out, "| %s | ", name);
    if (code)
        md_code(out, value);
    else
        md_text(out, value);
    fputs(" |\n", out);
}

#define NOT_MEASURED "not measured (run `tttop machine`)"

/* The figures of `tttop machine`, or what to run to get them: the only facts that mix
 * our Markdown with text from a file. */
static void figures_cell(FILE *out, const report_machine *m, bool bandwidth)
{
    char b[256];
    if (!m->measured || (bandwidth && !isfinite(m->bw_one_thread))) {
        fputs(NOT_MEASURED, out);
        return;
    }
    if (bandwidth)
        bandwidth_text(m, b, sizeof b);
    else
        peak_text(m, b, sizeof b);
    md_text(out, b);
}

static void write_machine(FILE *out, const report_doc *doc, const report_run *run, int level)
{
    const report_machine *m = &run->machine;
    char b[512];
    heading(out, level, "The machine");
    fputs("| fact | value |\n|---|---|\n", out);
    snprintf(b, sizeof b, "%s%s", m->cpu_model[0] ? m->cpu_model : "unknown",
             m->virtualized ? " (virtual machine)" : "");
    fact(out, "CPU", b, false);
    snprintf(b, sizeof b, "%d", m->cores);
    fact(out, "cores", m->cores > 0 ? b : "unknown", false);
    caches_text(m, b, sizeof b);
    fact(out, "caches", b, false);
    snprintf(b, sizeof b, "%s (microkernel tile: %s)", m->simd[0] ? m->simd : "?",
             m->microkernel_isa[0] ? m->microkernel_isa : "?");
    fact(out, "SIMD", b, false);
    fputs("| peak FLOP/s | ", out);
    figures_cell(out, m, false);
    fputs(" |\n| memory bandwidth | ", out);
    figures_cell(out, m, true);
    fputs(" |\n", out);
    if (isfinite(m->nominal_peak_per_core)) { /* a file written before peaks were measured */
        nominal_text(m, b, sizeof b);
        fact(out, "nominal peak", b, false);
    }
    fact(out, "OpenBLAS", m->openblas_config[0] ? m->openblas_config : "unknown", false);
    if (doc->measured && doc->libraries)
        fact(out, "libraries", doc->libraries, false);
    snprintf(b, sizeof b, "%s", run->tttop_version[0] ? run->tttop_version : "unknown");
    fact(out, "tttop", b, false);
    fact(out, "measured at", measured_at(run), false);
    fact(out, "counters", run->counter_summary[0] ? run->counter_summary : "not recorded", false);
    const char *data = data_of(run);
    fact(out, "network data", data ? data : "network not measured", false);
    if (run->command[0])
        fact(out, "measured with", run->command, true);
}

/* ---- where the network's time goes ---- */

static bool is_matmul_section(const char *name)
{
    return strncmp(name, "dense", 5) == 0;
}

static double matmul_share(const profile *p)
{
    double all = profile_total(p), mm = 0.0;
    for (int i = 0; i < p->count; i++)
        if (is_matmul_section(p->entries[i].name))
            mm += p->entries[i].total_s;
    return all > 0 ? mm / all : NAN;
}

static void write_analysis(FILE *out, const report_run *run, int level)
{
    heading(out, level, "Where the time goes: the %s network", baseline_name());
    experiment nets[MAX_SETTINGS];
    const int nn = settings_of(run, 1, WORKLOAD_NET, nets, MAX_SETTINGS);
    const result_row *row = NULL;
    for (int i = nn - 1; i >= 0 && !row; i--)
        row = report_run_find(run, &nets[i], baseline_name(), NULL);
    if (!row || row->s.prof.count == 0) {
        fprintf(out,
                "Not measured: this run has no %s forward pass of the network with its "
                "per-layer profile (`tttop bench --workload net --variant %s`).\n",
                baseline_name(), baseline_name());
        return;
    }
    const sample *s = &row->s;
    const profile *p = &s->prof;
    char b1[CELL], b2[CELL];
    fprintf(out,
            "The course's network (784-256-128-10, ReLU) at batch %d, one forward pass with "
            "%s, section by section: time per pass (over %d measured pass%s) and share of "
            "the pass.\n\n",
            s->exp.batch, baseline_name(), s->reps, s->reps == 1 ? "" : "es");
    fputs("| section | time per pass | share |\n|---|---:|---:|\n", out);
    const double total = profile_total(p);
    for (int i = 0; i < p->count; i++) {
        fputs("| ", out);
        md_text(out, p->entries[i].name);
        fprintf(out, " | %s | %s |\n", cell_time(b1, p->entries[i].total_s / s->reps),
                cell_percent(b2, total > 0 ? 100.0 * p->entries[i].total_s / total : NAN));
    }
    fprintf(out, "| **total** | %s | 100.0%% |\n\n", cell_time(b1, total / s->reps));
    const double share = matmul_share(p);
    if (share >= 0.5)
        fprintf(out,
                "The matmuls (the dense sections) take %.1f%% of the forward pass; bias, ReLU "
                "and the rest %.1f%%. The matmul is where the time goes, so it is what the "
                "ladder below optimises.\n",
                100.0 * share, 100.0 * (1.0 - share));
    else if (isfinite(share))
        fprintf(out,
                "The matmuls (the dense sections) take only %.1f%% of the forward pass at "
                "this batch size: the rest matters as much.\n",
                100.0 * share);
    experiment trains[MAX_SETTINGS];
    const int nt = settings_of(run, 1, WORKLOAD_TRAIN, trains, MAX_SETTINGS);
    const result_row *tr = NULL;
    for (int i = nt - 1; i >= 0 && !tr; i--)
        tr = report_run_find(run, &trains[i], baseline_name(), NULL);
    if (tr && tr->s.prof.count > 0 && isfinite(matmul_share(&tr->s.prof)))
        fprintf(out,
                "\nIn a training step (forward, backward, SGD update) at batch %d the matmuls "
                "take %.1f%% of %s's time.\n",
                tr->s.exp.batch, 100.0 * matmul_share(&tr->s.prof), baseline_name());
}

/* ---- baseline ---- */

static void write_baseline(FILE *out, const report_run *run, int level)
{
    heading(out, level, "Baseline: %s against %s", baseline_name(), reference_name());
    experiment set[MAX_SETTINGS];
    const int n = settings_of(run, 1, WORKLOAD_MATMUL, set, MAX_SETTINGS);
    char sh[64], a[CELL], b[CELL], c[CELL], d[CELL], e[CELL];
    int shown = 0;
    const result_row *last = NULL;
    experiment last_set;
    for (int i = 0; i < n; i++) {
        const result_row *base = report_run_find(run, &set[i], baseline_name(), NULL);
        const result_row *ref = report_run_find(run, &set[i], reference_name(), NULL);
        if (!base || !ref)
            continue;
        if (shown++ == 0)
            fprintf(out,
                    "Median time per multiply, GFLOP/s (2mnk / time) and how many times "
                    "slower %s is than %s at the same size.\n\n"
                    "| size | %s | %s | %s GFLOP/s | %s GFLOP/s | slowdown |\n"
                    "|---|---:|---:|---:|---:|---:|\n",
                    baseline_name(), reference_name(), baseline_name(), reference_name(),
                    baseline_name(), reference_name());
        fprintf(out, "| %s | %s | %s | %s | %s | %s |\n", shape_of(&set[i], sh, sizeof sh),
                cell_time(a, base->s.t_median), cell_time(b, ref->s.t_median),
                cell_gflops(c, base->s.gflops), cell_gflops(d, ref->s.gflops),
                cell_ratio(e, base->slowdown_vs_reference));
        last = base;
        last_set = set[i];
    }
    if (!shown) {
        fprintf(out, "Not measured: this run has no matmul size with both %s and %s.\n",
                baseline_name(), reference_name());
        return;
    }
    if (last && isfinite(last->slowdown_vs_reference))
        fprintf(out, "\nAt %s %s is %s slower than %s: the gap the ladder closes.\n",
                shape_of(&last_set, sh, sizeof sh), baseline_name(),
                cell_ratio(a, last->slowdown_vs_reference), reference_name());
}

/* ---- the ladder ---- */

/* The note under the ladder saying what "% of peak" is against. */
static void peak_note(FILE *out, const report_run *run)
{
    for (int i = 0; i < results_count(run->model); i++) {
        const result_row *row = results_row(run->model, i);
        if (!isfinite(row->peak_gflops) || row->s.exp.workload != WORKLOAD_MATMUL)
            continue;
        const report_machine *m = &run->machine;
        const double nominal = m->nominal_peak_per_core * row->s.threads_used;
        const bool is_nominal =
            isfinite(nominal) && fabs(row->peak_gflops - nominal) <= 1e-6 * row->peak_gflops;
        fprintf(out,
                "\n%% of peak is against the peak each result carries (%.1f GFLOP/s for %s "
                "at %d thread%s)%s.\n",
                row->peak_gflops, report_run_variant(run, i), row->s.threads_used,
                row->s.threads_used == 1 ? "" : "s",
                is_nominal ? ": the nominal peak, clock x SIMD width, an upper bound that the "
                             "CPU may not reach; `tttop machine` measures the real one"
                           : "");
        return;
    }
}

static void write_memory_sentence(FILE *out, const report_run *run, const experiment *e)
{
    int idx[64];
    const int n = rows_at(run, e, idx, 64);
    int best_in_place = -1;
    for (int j = 0; j < n; j++) {
        const sample *s = &results_row(run->model, idx[j])->s;
        if (!s->reference && s->workspace_bytes == 0 &&
            (best_in_place < 0 ||
             s->gflops > results_row(run->model, idx[best_in_place])->s.gflops))
            best_in_place = j;
    }
    char sh[64], a[CELL], b[CELL], c[CELL];
    bool any = false;
    for (int j = 0; j < n; j++) {
        const result_row *row = results_row(run->model, idx[j]);
        if (row->s.workspace_bytes == 0 || row->s.reference)
            continue;
        if (!any) {
            fprintf(out, "\nSpeed against memory at %s: ", shape_of(e, sh, sizeof sh));
            if (best_in_place >= 0)
                fprintf(out, "the fastest variant that needs no extra memory is %s (%s GFLOP/s)",
                        report_run_variant(run, idx[best_in_place]),
                        cell_gflops(a, results_row(run->model, idx[best_in_place])->s.gflops));
            else
                fputs("every variant here needs extra memory", out);
        }
        fprintf(out, "; %s needs %s more for %s GFLOP/s (%s %s)", report_run_variant(run, idx[j]),
                format_bytes(b, sizeof b, (double)row->s.workspace_bytes),
                cell_gflops(c, row->s.gflops), cell_ratio(a, row->speedup_vs_baseline),
                baseline_name());
        any = true;
    }
    if (any)
        fputs(".\n", out);
}

static void write_ladder(FILE *out, const report_run *run, int level)
{
    heading(out, level, "The optimisation ladder");
    experiment set[MAX_SETTINGS];
    const int n = settings_of(run, 1, WORKLOAD_MATMUL, set, MAX_SETTINGS);
    if (n == 0) {
        fputs("Not measured: this run has no matmul results.\n", out);
        return;
    }
    fprintf(out,
            "Every variant at every size: median and minimum time per multiply over the "
            "repetitions, GFLOP/s (2mnk / median), %% of peak, speed-up over %s and slowdown "
            "against %s at the same size, the correctness check (max relative error against "
            "%s, normwise, and its threshold), and the extra memory the variant allocates "
            "besides A, B and C.\n",
            baseline_name(), reference_name(), reference_name());
    char sh[64], c[10][CELL];
    for (int i = 0; i < n; i++) {
        heading(out, level + 1, "%s", shape_of(&set[i], sh, sizeof sh));
        fprintf(out,
                "| variant | tunables | median | min | reps | GFLOP/s | %% of peak | x %s | "
                "x %s | check | extra memory |\n"
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n",
                baseline_name(), reference_name());
        int idx[64];
        const int nr = rows_at(run, &set[i], idx, 64);
        for (int j = 0; j < nr; j++) {
            const result_row *row = results_row(run->model, idx[j]);
            const sample *s = &row->s;
            fputs("| ", out);
            md_text(out, report_run_variant(run, idx[j]));
            fputs(" | ", out);
            md_text(out, cell_tunables(c[0], run, idx[j]));
            fprintf(out, " | %s | %s | %d | %s | %s | %s | %s | %s | %s |\n",
                    cell_time(c[1], s->t_median), cell_time(c[2], s->t_min), s->reps,
                    cell_gflops(c[3], s->gflops), cell_percent(c[4], row->percent_of_peak),
                    cell_ratio(c[5], row->speedup_vs_baseline),
                    cell_ratio(c[6], row->slowdown_vs_reference), cell_check(c[7], s),
                    cell_memory(c[8], s));
        }
    }
    peak_note(out, run);
    write_memory_sentence(out, run, &set[n - 1]);
}

/* ---- counters ---- */

typedef struct column {
    char title[64];
    const char *label; /* hardware, software, simulated */
    int event;         /* run->events index, or -1 */
    int sim;           /* index into info->sim_name by name, or -1 */
    char sim_name[REPORT_NAME_MAX];
} column;

static double column_value(const report_run *run, int row, const column *c)
{
    if (c->event >= 0)
        return results_row(run->model, row)->s.counts[c->event];
    const report_row_info *info = &run->info[row];
    for (int i = 0; i < info->nsim; i++)
        if (strcmp(info->sim_name[i], c->sim_name) == 0)
            return info->sim[i];
    return NAN;
}

/* The columns with at least one value among the rows. */
static int counter_columns(const report_run *run, const int *idx, int nr, column *cols, int cap)
{
    int n = 0;
    for (int e = 0; e < run->nevents && n < cap; e++) {
        column c = {.event = e, .sim = -1};
        snprintf(c.title, sizeof c.title, "%s", report_event_title(run->events[e].name));
        c.label = run->events[e].software ? "software" : "hardware";
        bool any = false;
        for (int j = 0; j < nr && !any; j++)
            any = isfinite(column_value(run, idx[j], &c));
        if (any)
            cols[n++] = c;
    }
    for (int j = 0; j < nr; j++) {
        const report_row_info *info = &run->info[idx[j]];
        for (int k = 0; k < info->nsim && n < cap; k++) {
            bool seen = false;
            for (int i = 0; i < n && !seen; i++)
                seen = cols[i].event < 0 && strcmp(cols[i].sim_name, info->sim_name[k]) == 0;
            if (seen || !isfinite(info->sim[k]))
                continue;
            column c = {.event = -1, .sim = k, .label = "simulated"};
            snprintf(c.sim_name, sizeof c.sim_name, "%s", info->sim_name[k]);
            snprintf(c.title, sizeof c.title, "%s", info->sim_name[k]);
            cols[n++] = c;
        }
    }
    return n;
}

static bool name_is(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

/* L1 data misses of a row and where they come from: hardware first, else simulated. */
static double l1_misses(const report_run *run, int row, const char **label)
{
    for (int e = 0; e < run->nevents; e++) {
        const double v = results_row(run->model, row)->s.counts[e];
        if (name_is(run->events[e].name, "PAPI_L1_DCM") && isfinite(v)) {
            *label = "hardware, PAPI_L1_DCM";
            return v;
        }
    }
    const report_row_info *info = &run->info[row];
    for (int i = 0; i < info->nsim; i++)
        if (name_is(info->sim_name[i], "l1d_misses") && isfinite(info->sim[i])) {
            *label = "simulated";
            return info->sim[i];
        }
    return NAN;
}

static double event_value(const report_run *run, int row, const char *name)
{
    for (int e = 0; e < run->nevents; e++)
        if (name_is(run->events[e].name, name))
            return results_row(run->model, row)->s.counts[e];
    return NAN;
}

/* A count from the hardware event, else the simulated one of that name; label says which. */
static double count_of(const report_run *run, int row, const char *event, const char *sim,
                       const char **label)
{
    const double hw = event_value(run, row, event);
    if (isfinite(hw)) {
        *label = "hardware";
        return hw;
    }
    const report_row_info *info = &run->info[row];
    for (int i = 0; i < info->nsim; i++)
        if (name_is(info->sim_name[i], sim) && isfinite(info->sim[i])) {
            *label = "simulated";
            return info->sim[i];
        }
    return NAN;
}

/* "- WHAT (label): naive 6.00, reordered 2.50: WHY" over the rows that have the count. */
static void per_step_line(FILE *out, const report_run *run, const int *idx, int nr,
                          const char *event, const char *sim, double steps, const char *what,
                          const char *why)
{
    int shown = 0;
    for (int j = 0; j < nr; j++) {
        const char *label = "";
        const double v = count_of(run, idx[j], event, sim, &label);
        if (!isfinite(v))
            continue;
        if (shown++ == 0)
            fprintf(out, "%s (%s): ", what, label);
        else
            fputs(", ", out);
        fprintf(out, "%s %.2f", report_run_variant(run, idx[j]), v / steps);
    }
    if (shown)
        fprintf(out, "%s\n", why);
}

/* Last-level misses as memory traffic, against the least a multiply must move. */
static void traffic_line(FILE *out, const report_run *run, const experiment *e, const int *idx,
                         int nr)
{
    const double least = experiment_min_bytes(e);
    int shown = 0;
    for (int j = 0; j < nr; j++) {
        const char *label = "";
        const double v = count_of(run, idx[j], "PAPI_L3_TCM", "ll_misses", &label);
        if (!isfinite(v) || !(least > 0))
            continue;
        if (shown++ == 0)
            fprintf(out,
                    "- Memory traffic, last-level misses x 64 B over the %s that A, B and C "
                    "hold (%s): ",
                    format_bytes((char[CELL]){0}, CELL, least), label);
        else
            fputs(", ", out);
        fprintf(out, "%s %.2fx", report_run_variant(run, idx[j]), v * 64.0 / least);
    }
    if (shown)
        fputs(": 1x brings each byte from memory once; more means the variant fetches again "
              "what the cache could not keep, which blocking avoids.\n",
              out);
}

static void write_counter_sentences(FILE *out, const report_run *run, const experiment *e,
                                    const int *idx, int nr)
{
    char sh[64];
    const double steps = (double)e->m * e->n * e->k;
    /* the course's sentence: how often naive and reordered miss L1 on their loads of B */
    int naive = -1, reordered = -1;
    for (int j = 0; j < nr; j++) {
        if (strcmp(report_run_variant(run, idx[j]), baseline_name()) == 0)
            naive = idx[j];
        if (strcmp(report_run_variant(run, idx[j]), next_rung_name()) == 0)
            reordered = idx[j];
    }
    const char *la = "", *lb = "";
    const double ma = naive >= 0 ? l1_misses(run, naive, &la) : NAN;
    const double mb = reordered >= 0 ? l1_misses(run, reordered, &lb) : NAN;
    if (isfinite(ma) && isfinite(mb))
        fprintf(out,
                "- %s misses L1 on %#.3g of its B loads, %s on %#.3g (L1 data misses per "
                "inner-loop step at %s, %.0f steps of one B load each; %s%s%s). %s: %s; %s: "
                "%s.\n",
                baseline_name(), ma / steps, next_rung_name(), mb / steps,
                shape_of(e, sh, sizeof sh), steps, la, strcmp(la, lb) ? " and " : "",
                strcmp(la, lb) ? lb : "", baseline_name(),
                variant_lesson(variant_find(baseline_name())), next_rung_name(),
                variant_lesson(variant_find(next_rung_name())));
    for (int j = 0; j < nr; j++) {
        const char *lab = NULL;
        const double m = l1_misses(run, idx[j], &lab);
        if (isfinite(m) && idx[j] != naive && idx[j] != reordered)
            fprintf(out, "- %s: %#.3g L1 data misses per inner-loop step (%s).\n",
                    report_run_variant(run, idx[j]), m / steps, lab);
    }
    per_step_line(out, run, idx, nr, "PAPI_TOT_INS", "instructions", steps,
                  "- Instructions per inner-loop step",
                  ": fewer means wider SIMD or less "
                  "loop overhead per multiply-add.");
    traffic_line(out, run, e, idx, nr);
    for (int j = 0; j < nr; j++) {
        const char *v = report_run_variant(run, idx[j]);
        const double cyc = event_value(run, idx[j], "PAPI_TOT_CYC");
        const double ins = event_value(run, idx[j], "PAPI_TOT_INS");
        if (isfinite(cyc) && isfinite(ins) && cyc > 0)
            fprintf(out, "- %s retires %.2f instructions per cycle (hardware).\n", v, ins / cyc);
    }
    /* task-clock against the wall clock: did the runs have their cores? */
    int shown = 0;
    double lowest = INFINITY;
    for (int j = 0; j < nr; j++) {
        const sample *s = &results_row(run->model, idx[j])->s;
        const double clock = event_value(run, idx[j], "perf::TASK-CLOCK");
        if (!isfinite(clock) || !(s->t_median > 0))
            continue;
        const double busy =
            clock * 1e-9 / s->t_median / (s->threads_used > 0 ? s->threads_used : 1);
        fprintf(out, "%s%s %.2f",
                shown++ ? ", "
                        : "- CPU time per second of wall time and thread "
                          "(task-clock, software): ",
                report_run_variant(run, idx[j]), busy);
        lowest = fmin(lowest, busy);
    }
    if (shown)
        fprintf(out, ". %s\n",
                lowest < 0.9 ? "Below 1 the run waited for a CPU: the machine was busy, so "
                               "compare ratios measured together rather than absolute times."
                             : "Close to 1: the runs had their cores to themselves.");
}

static void write_counters(FILE *out, const report_run *run, int level)
{
    heading(out, level, "Counters");
    fputs("What the counters say about each variant, labelled by where the count comes from: "
          "hardware (the PMU, through PAPI), software (the kernel's perf events) or simulated "
          "(valgrind's cache simulation). Counts are per multiply.\n\n",
          out);
    if (run->counter_summary[0]) {
        fputs("Counters here: ", out);
        md_text(out, run->counter_summary);
        fputs(".\n\n", out);
    }
    experiment e = experiment_default();
    int idx[64], nr = 0;
    if (report_ladder_setting(run, &e))
        nr = rows_at(run, &e, idx, 64);
    column cols[COUNTERS_MAX + REPORT_SIM_MAX];
    const int nc = counter_columns(run, idx, nr, cols, COUNTERS_MAX + REPORT_SIM_MAX);
    char sh[64], b[CELL];
    if (nc > 0) {
        fprintf(out, "At %s:\n\n| variant |", shape_of(&e, sh, sizeof sh));
        for (int c = 0; c < nc; c++) {
            fputc(' ', out);
            md_text(out, cols[c].title);
            fprintf(out, " (%s) |", cols[c].label);
        }
        fputs("\n|---|", out);
        for (int c = 0; c < nc; c++)
            fputs("---:|", out);
        fputc('\n', out);
        for (int j = 0; j < nr; j++) {
            fputs("| ", out);
            md_text(out, report_run_variant(run, idx[j]));
            fputs(" |", out);
            for (int c = 0; c < nc; c++) {
                const double v = column_value(run, idx[j], &cols[c]);
                if (cols[c].event >= 0)
                    report_event_value(b, sizeof b, run->events[cols[c].event].name, v);
                else
                    format_or_na(b, sizeof b, v, format_count);
                fprintf(out, " %s |", b);
            }
            fputc('\n', out);
        }
        fputs("\nWhat they show:\n\n", out);
        write_counter_sentences(out, run, &e, idx, nr);
    } else {
        fputs("No counter gave a count for these runs.\n", out);
    }
    bool head = false;
    for (int i = 0; i < run->nevents; i++) {
        const report_event *ev = &run->events[i];
        if (ev->available)
            continue;
        if (!head)
            fputs("\nNot countable in this run:\n\n", out);
        head = true;
        fputs("- ", out);
        md_text(out, ev->name);
        fputs(": ", out);
        md_text(out, ev->reason[0] ? ev->reason : "not available");
        if (ev->fix[0]) {
            fputs("; fix: ", out);
            md_text(out, ev->fix);
        }
        fputc('\n', out);
    }
    bool simulated = false;
    for (int i = 0; i < results_count(run->model) && !simulated; i++)
        simulated = run->info[i].nsim > 0;
    if (head && !simulated)
        fputs("\nWithout a PMU the cache behaviour can still be shown: valgrind's cache "
              "simulation counts L1 and last-level misses exactly (simulated, not measured).\n",
              out);
}

/* ---- the network ---- */

static void write_net_table(FILE *out, const report_run *run, workload_kind w, int level)
{
    experiment set[MAX_SETTINGS];
    const int n = settings_of(run, 1, w, set, MAX_SETTINGS);
    const bool train = w == WORKLOAD_TRAIN;
    char sh[64], c[10][CELL];
    for (int i = 0; i < n; i++) {
        heading(out, level, "%s, %s", train ? "Training step" : "Forward pass",
                shape_of(&set[i], sh, sizeof sh));
        fprintf(out,
                "| variant | median | GFLOP/s | x %s | x %s | check |%s\n"
                "|---|---:|---:|---:|---:|---|%s\n",
                baseline_name(), reference_name(), train ? " loss | accuracy (held out) |" : "",
                train ? "---|---|" : "");
        int idx[64];
        const int nr = rows_at(run, &set[i], idx, 64);
        for (int j = 0; j < nr; j++) {
            const result_row *row = results_row(run->model, idx[j]);
            const sample *s = &row->s;
            fputs("| ", out);
            md_text(out, report_run_variant(run, idx[j]));
            fprintf(out, " | %s | %s | %s | %s | %s |", cell_time(c[0], s->t_median),
                    cell_gflops(c[1], s->gflops), cell_ratio(c[2], row->speedup_vs_baseline),
                    cell_ratio(c[3], row->slowdown_vs_reference), cell_check(c[4], s));
            if (train) {
                if (isfinite(s->loss_start) && isfinite(s->loss))
                    fprintf(out, " %.3f -> %.3f |", s->loss_start, s->loss);
                else
                    fputs(" n/a |", out);
                if (isfinite(s->accuracy_start) && isfinite(s->accuracy))
                    fprintf(out, " %.1f%% -> %.1f%% |", 100.0 * s->accuracy_start,
                            100.0 * s->accuracy);
                else
                    fputs(" n/a |", out);
            }
            fputc('\n', out);
        }
    }
}

/* The whole network's speed-up: the reference's and the best of the ladder's own. */
static void net_speedups(const report_run *run, workload_kind w, double *ref, double *best,
                         const char **best_name, int *batch)
{
    experiment set[MAX_SETTINGS];
    const int n = settings_of(run, 1, w, set, MAX_SETTINGS);
    *ref = *best = NAN;
    *best_name = NULL;
    *batch = 0;
    if (n == 0)
        return;
    const experiment *e = &set[n - 1];
    *batch = e->batch;
    int idx[64];
    const int nr = rows_at(run, e, idx, 64);
    for (int j = 0; j < nr; j++) {
        const result_row *row = results_row(run->model, idx[j]);
        const char *v = report_run_variant(run, idx[j]);
        if (strcmp(v, reference_name()) == 0)
            *ref = row->speedup_vs_baseline;
        else if (strcmp(v, baseline_name()) != 0 && isfinite(row->speedup_vs_baseline) &&
                 !(row->speedup_vs_baseline <= *best)) {
            *best = row->speedup_vs_baseline;
            *best_name = v;
        }
    }
}

static void write_network(FILE *out, const report_run *run, int level)
{
    heading(out, level, "The network: forward pass and training step");
    const char *data = data_of(run);
    double fref, fbest, tref, tbest;
    const char *fname, *tname;
    int fb, tb;
    net_speedups(run, WORKLOAD_NET, &fref, &fbest, &fname, &fb);
    net_speedups(run, WORKLOAD_TRAIN, &tref, &tbest, &tname, &tb);
    if (fb == 0 && tb == 0) {
        fputs("Not measured: this run has no net or train results (`tttop bench --workload "
              "net`).\n",
              out);
        return;
    }
    fputs("Data: ", out);
    md_text(out, data ? data : "not recorded");
    fputs(". Every matmul of the network, forward and backward, runs the variant named; bias, "
          "activations, softmax and the update are the same plain C for all.\n",
          out);
    char a[CELL], b[CELL];
    if (isfinite(fref) || isfinite(tref)) {
        fprintf(out, "\nWith %s the whole network runs ", reference_name());
        if (isfinite(fref))
            fprintf(out, "a forward pass %s faster than with %s (batch %d)", cell_ratio(a, fref),
                    baseline_name(), fb);
        if (isfinite(fref) && isfinite(tref))
            fputs(" and ", out);
        if (isfinite(tref))
            fprintf(out, "a training step %s faster (batch %d)", cell_ratio(b, tref), tb);
        fputs(".", out);
        if (fname && isfinite(fbest))
            fprintf(out,
                    " The fastest of the ladder's own variants, %s, makes the forward pass %s "
                    "faster.",
                    fname, cell_ratio(a, fbest));
        if (tname && isfinite(tbest))
            fprintf(out, " In training, %s is %s faster.", tname, cell_ratio(b, tbest));
        fputc('\n', out);
    }
    write_net_table(out, run, WORKLOAD_NET, level + 1);
    write_net_table(out, run, WORKLOAD_TRAIN, level + 1);
}

/* ---- charts ---- */

static void write_charts(FILE *out, const report_doc *doc, int level)
{
    static const char *const alt[REPORT_CHART_COUNT] = {
        "The ladder: GFLOP/s of every variant at the largest size",
        "GFLOP/s against matrix size, one line per variant",
        "Roofline: GFLOP/s against arithmetic intensity, with the measured points",
    };
    heading(out, level, "Charts");
    bool any = false;
    for (int c = 0; c < REPORT_CHART_COUNT; c++) {
        if (!doc->charts.file[c][0])
            continue;
        fprintf(out, "![%s](", alt[c]);
        md_link_target(out, doc->charts.file[c]);
        fputs(")\n\n", out);
        any = true;
    }
    if (!any && doc->charts.no_gnuplot) {
        fputs("No charts: gnuplot is not installed here. `apt-get install gnuplot-nox` "
              "installs it; run the same command again to get the charts.\n",
              out);
    } else if (!any) {
        fputs("No charts: ", out);
        md_text(out, doc->charts.why_not[0] ? doc->charts.why_not : "none drawn");
        fputs(".\n", out);
    }
}

/* ---- the whole document ---- */

static void write_run(FILE *out, const report_doc *doc, const report_run *run, int level)
{
    write_machine(out, doc, run, level);
    write_analysis(out, run, level);
    write_baseline(out, run, level);
    write_ladder(out, run, level);
    write_counters(out, run, level);
    write_network(out, run, level);
}

static void write_header(FILE *out, const report_doc *doc)
{
    const report_run *first = &doc->runs[0];
    if (doc->nruns == 1) {
        fputs("# tttop report: matrix multiply on ", out);
        md_text(out, first->machine.cpu_model[0] ? first->machine.cpu_model : "an unknown CPU");
        fputs("\n\n", out);
    } else {
        fprintf(out, "# tttop report: %d runs side by side\n\n", doc->nruns);
    }
    if (doc->measured) {
        fprintf(out,
                "Measured by tttop %s on %s%s. Every number below was measured in this run; "
                "none is estimated or copied.\n\n",
                tttop_version(), doc->written_at ? doc->written_at : "?",
                doc->quick ? " (quick: smaller sizes, shorter measurements)" : "");
        fputs("- To measure again: ", out);
        md_code(out, doc->command ? doc->command : "tttop report");
        fputc('\n', out);
        if (doc->json_file) {
            fputs("- The numbers: [", out);
            md_text(out, doc->json_file);
            fputs("](", out);
            md_link_target(out, doc->json_file);
            char again[300];
            char *words[] = {"--from", (char *)doc->json_file};
            capstone_command_line(2, words, "tttop report", again, sizeof again);
            fputs("); ", out);
            md_code(out, again);
            fputs(" writes this report again from them, and several such files side by side.\n",
                  out);
        }
    } else {
        fputs("Formatted from saved results: the tables show the numbers of ", out);
        fputs(doc->nruns == 1 ? "that file" : "those files", out);
        fputs(" exactly; nothing was measured again.\n\n", out);
        for (int r = 0; r < doc->nruns; r++) {
            const report_run *run = &doc->runs[r];
            fputs("- ", out);
            md_code(out, run->source[0] ? run->source : run->label);
            fprintf(out, ": %d results by tttop ", results_count(run->model));
            md_text(out, run->tttop_version[0] ? run->tttop_version : "(version not recorded)");
            fputs(", measured at ", out);
            md_text(out, measured_at(run));
            if (run->command[0]) {
                fputs(" with ", out);
                md_code(out, run->command);
            }
            if (run->nunknown > 0)
                fprintf(out, " (%d variant%s this tttop does not have, shown by name)",
                        run->nunknown, run->nunknown == 1 ? "" : "s");
            fputc('\n', out);
        }
        fputs("- This report: ", out);
        md_code(out, doc->command ? doc->command : "tttop report --from FILE");
        fprintf(out, ", written %s\n", doc->written_at ? doc->written_at : "");
    }
}

/* Machines side by side: one column per run. */
static void write_machines(FILE *out, const report_doc *doc)
{
    heading(out, 2, "The machines");
    fputs("| fact |", out);
    for (int r = 0; r < doc->nruns; r++) {
        fputc(' ', out);
        md_text(out, doc->runs[r].label);
        fputs(" |", out);
    }
    fputs("\n|---|", out);
    for (int r = 0; r < doc->nruns; r++)
        fputs("---|", out);
    fputc('\n', out);
    static const char *const facts[] = {"CPU",       "cores",       "caches", "peak FLOP/s",
                                        "bandwidth", "OpenBLAS",    "tttop",  "measured at",
                                        "counters",  "network data"};
    for (size_t f = 0; f < sizeof facts / sizeof facts[0]; f++) {
        fprintf(out, "| %s |", facts[f]);
        for (int r = 0; r < doc->nruns; r++) {
            const report_run *run = &doc->runs[r];
            const report_machine *m = &run->machine;
            char b[512];
            const char *data;
            if (f == 3 || f == 4) {
                fputc(' ', out);
                figures_cell(out, m, f == 4);
                fputs(" |", out);
                continue;
            }
            switch (f) {
            case 0:
                snprintf(b, sizeof b, "%s%s", m->cpu_model, m->virtualized ? " (VM)" : "");
                break;
            case 1:
                snprintf(b, sizeof b, "%d", m->cores);
                break;
            case 2:
                caches_text(m, b, sizeof b);
                break;
            case 5:
                snprintf(b, sizeof b, "%s", m->openblas_config);
                break;
            case 6:
                snprintf(b, sizeof b, "%s", run->tttop_version);
                break;
            case 7:
                snprintf(b, sizeof b, "%s", measured_at(run));
                break;
            case 8:
                snprintf(b, sizeof b, "%s", run->counter_summary);
                break;
            default:
                data = data_of(run);
                snprintf(b, sizeof b, "%s", data ? data : "-");
            }
            fputc(' ', out);
            md_text(out, b);
            fputs(" |", out);
        }
        fputc('\n', out);
    }
}

/* One table per setting: each run's time and GFLOP/s per variant; with two runs, how much
 * faster the second is. */
static void write_comparison(FILE *out, const report_doc *doc)
{
    heading(out, 2, "Side by side");
    fputs("Median time and GFLOP/s of each variant in each run, at each setting", out);
    if (doc->nruns == 2) {
        fputs("; the last column is the first run's median over the second's (above 1x: the "
              "second is faster)",
              out);
    }
    fputs(".\n", out);
    for (int w = 0; w < WORKLOAD_COUNT; w++) {
        experiment set[MAX_SETTINGS];
        const int n = settings_of(doc->runs, doc->nruns, (workload_kind)w, set, MAX_SETTINGS);
        for (int i = 0; i < n; i++) {
            char sh[64], a[CELL], b[CELL];
            heading(out, 3, "%s %s", workload_name((workload_kind)w),
                    shape_of(&set[i], sh, sizeof sh));
            fputs("| variant |", out);
            for (int r = 0; r < doc->nruns; r++) {
                fputc(' ', out);
                md_text(out, doc->runs[r].label);
                fputs(" |", out);
            }
            fputs(doc->nruns == 2 ? " first / second |\n|---|" : "\n|---|", out);
            for (int r = 0; r < doc->nruns + (doc->nruns == 2); r++)
                fputs("---:|", out);
            fputc('\n', out);
            /* variants in the order the runs first name them */
            char names[64][REPORT_NAME_MAX];
            int nn = 0;
            for (int r = 0; r < doc->nruns; r++) {
                int idx[64];
                const int nr = rows_at(&doc->runs[r], &set[i], idx, 64);
                for (int j = 0; j < nr; j++) {
                    const char *v = report_run_variant(&doc->runs[r], idx[j]);
                    bool seen = false;
                    for (int k = 0; k < nn && !seen; k++)
                        seen = strcmp(names[k], v) == 0;
                    if (!seen && nn < 64)
                        snprintf(names[nn++], REPORT_NAME_MAX, "%s", v);
                }
            }
            for (int k = 0; k < nn; k++) {
                fputs("| ", out);
                md_text(out, names[k]);
                fputs(" |", out);
                const result_row *rows[2] = {NULL, NULL};
                for (int r = 0; r < doc->nruns; r++) {
                    const result_row *row = report_run_find(&doc->runs[r], &set[i], names[k], NULL);
                    if (r < 2)
                        rows[r] = row;
                    if (!row) {
                        fputs(" - |", out);
                        continue;
                    }
                    fprintf(out, " %s, %s GFLOP/s", cell_time(a, row->s.t_median),
                            cell_gflops(b, row->s.gflops));
                    if (row->s.threads_used > 1)
                        fprintf(out, " (%d threads)", row->s.threads_used);
                    fputs(" |", out);
                }
                if (doc->nruns == 2)
                    fprintf(out, " %s |",
                            rows[0] && rows[1]
                                ? cell_ratio(a, rows[0]->s.t_median / rows[1]->s.t_median)
                                : "-");
                fputc('\n', out);
            }
        }
    }
}

int report_markdown_write(const report_doc *doc, FILE *out)
{
    if (doc->nruns < 1)
        return -1;
    write_header(out, doc);
    if (doc->nruns == 1) {
        write_run(out, doc, &doc->runs[0], 2);
        write_charts(out, doc, 2);
    } else {
        write_machines(out, doc);
        write_comparison(out, doc);
        write_charts(out, doc, 2);
        for (int r = 0; r < doc->nruns; r++) {
            heading(out, 2, "Run %d: %s", r + 1, doc->runs[r].label);
            write_run(out, doc, &doc->runs[r], 3);
        }
    }
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
