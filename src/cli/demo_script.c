#include "cli/demo_script.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/format.h"

/* Captions: {name} is a number or a name filled in (see fill_value); [ ... ] is left out
 * when a value inside it is not known; a required value not known yet reads
 * "measuring..." and ends its line. Three lines: what changed, the numbers, the counters. */
static const char profile_title[] = "where the time goes";
static const char profile_caption[] =
    "The network at {shape} with the {variant} matmul: {time} per forward pass.\n"
    "Dense layers (the matrix multiplies) take {dense_share} of it, {top_layer} alone "
    "{top_share}.\n"
    "{counters}";

static const char baseline_title[] = "{variant}, the baseline";
static const char baseline_caption[] =
    "{variant}: {lesson}.\n"
    "At {shape} one multiply ({flops}) takes {time}: {gflops} GFLOP/s[, {pct} of peak].\n"
    "{counters}";

static const char rung_title[] = "{variant}";
static const char rung_caption[] =
    "{variant}: {lesson}.\n"
    "{time} per multiply ({gflops} GFLOP/s): {x_base} {base}[, {x_prev} {prev}].\n"
    "{counters}";

static const char network_title[] = "the whole network";
static const char network_caption[] =
    "The same network with {variant} in place of {base}: only the matmul changed.\n"
    "{time} per forward pass against {base_time}: {x_base} faster[; dense layers now "
    "{dense_share}].\n"
    "{counters}";

static const char summary_title[] = "summary";
static const char summary_caption[] =
    "At {shape}: {base} {base_time}, {best} {best_time} per multiply, {best_x} faster.\n"
    "Every rung computes the same {flops} per multiply; what changed is how.\n"
    "The network's forward pass: {net_x} faster with {ref} than with {base}.";

static const char measuring[] = "measuring...";

static experiment setting(workload_kind w, int variant, int size, int batch)
{
    experiment e = experiment_default();
    e.workload = w;
    e.variant = variant;
    e.m = e.n = e.k = size;
    e.batch = batch;
    return e;
}

int demo_script_build(demo_script *s, int size, int batch)
{
    memset(s, 0, sizeof *s);
    const int nv = variants_count(), base = variant_baseline(), ref = variant_reference();
    if (base < 0 || ref < 0 || nv < 1)
        return -1;
    s->steps = calloc((size_t)nv + 3, sizeof *s->steps);
    if (!s->steps)
        return -1;
    s->size = size;
    s->matmul = setting(WORKLOAD_MATMUL, ref, size, batch);
    s->network = setting(WORKLOAD_NET, ref, size, batch);
    demo_step *st = s->steps;
    *st++ = (demo_step){DEMO_PROFILE, setting(WORKLOAD_NET, base, size, batch), -1, profile_title,
                        profile_caption};
    /* the ladder: the baseline, the rungs in the registry's order, the reference */
    int prev = -1;
    for (int pass = 0; pass < 3; pass++) {
        for (int v = 0; v < nv; v++) {
            const bool take = pass == 0 ? v == base : pass == 2 ? v == ref : v != base && v != ref;
            if (!take)
                continue;
            *st++ = (demo_step){DEMO_RUNG, setting(WORKLOAD_MATMUL, v, size, batch), prev,
                                v == base ? baseline_title : rung_title,
                                v == base ? baseline_caption : rung_caption};
            prev = v;
        }
    }
    *st++ = (demo_step){DEMO_NETWORK, s->network, -1, network_title, network_caption};
    *st++ = (demo_step){DEMO_SUMMARY, s->matmul, -1, summary_title, summary_caption};
    s->count = (int)(st - s->steps);
    return 0;
}

void demo_script_free(demo_script *s)
{
    free(s->steps);
    memset(s, 0, sizeof *s);
}

void demo_script_set_size(demo_script *s, int n)
{
    s->size = n;
    s->matmul.m = s->matmul.n = s->matmul.k = n;
    for (int i = 0; i < s->count; i++) {
        experiment *e = &s->steps[i].exp;
        e->m = e->n = e->k = n;
    }
}

bool demo_step_is_matmul(const demo_script *s, int step)
{
    return step >= 0 && step < s->count && s->steps[step].exp.workload == WORKLOAD_MATMUL;
}

/* The size where 2n^3 flops at gflops take target_s, rounded to 50 and clamped. */
static int size_for(double gflops, double target_s)
{
    if (!(gflops > 0) || !(target_s > 0) || !isfinite(gflops))
        return 0;
    const double n = cbrt(target_s * gflops * 1e9 / 2.0);
    int rounded = (int)(n / 50.0 + 0.5) * 50;
    if (rounded < DEMO_MIN_SIZE)
        rounded = DEMO_MIN_SIZE;
    if (rounded > DEMO_MAX_SIZE)
        rounded = DEMO_MAX_SIZE;
    return rounded;
}

int demo_size_from_rate(double baseline_gflops, double target_s)
{
    return size_for(0.5 * baseline_gflops, target_s);
}

int demo_size_from_figures(const machine_figures *f, double target_s)
{
    if (!f || !f->measured || !(f->bw_one_thread > 0))
        return 0;
    /* GB/s over 32 bytes per multiply-add, 2 flops each */
    return size_for(f->bw_one_thread / 16.0, target_s);
}

experiment demo_calibration(const demo_script *s)
{
    experiment e =
        setting(WORKLOAD_MATMUL, variant_baseline(), DEMO_CALIBRATION_N, s->network.batch);
    e.min_time = 0.05;
    e.min_reps = 1;
    return e;
}

/* The latest row of variant v at e's setting (e's own run when v is e's variant). */
static const result_row *row_at(const results *model, const experiment *e, int v)
{
    if (v < 0 || v >= variants_count())
        return NULL;
    const result_row **rows = malloc((size_t)variants_count() * sizeof(const result_row *));
    if (!rows)
        return NULL;
    results_ladder(model, e, rows);
    const result_row *row = rows[v];
    free(rows);
    return row;
}

/* v at the setting `at` onto the list, unless measured or listed already. */
static void add_missing(const results *model, const experiment *at, int v, experiment *out, int cap,
                        int *n)
{
    if (row_at(model, at, v))
        return;
    for (int i = 0; i < *n; i++)
        if (out[i].variant == v && experiment_same_setting(&out[i], at))
            return;
    if (*n < cap) {
        out[*n] = *at;
        out[*n].variant = v;
        ++*n;
    }
}

int demo_step_missing(const demo_script *s, int step, const results *model, experiment *out,
                      int cap)
{
    if (step < 0 || step >= s->count)
        return 0;
    const demo_step *st = &s->steps[step];
    int n = 0;
    if (!results_find(model, &st->exp) && n < cap)
        out[n++] = st->exp;
    switch (st->kind) {
    case DEMO_RUNG:
        add_missing(model, &st->exp, variant_baseline(), out, cap, &n);
        if (st->prev >= 0)
            add_missing(model, &st->exp, st->prev, out, cap, &n);
        break;
    case DEMO_NETWORK: /* the baseline for the speed-up, the rest for the summary's column */
    case DEMO_SUMMARY:
        add_missing(model, &s->network, variant_baseline(), out, cap, &n);
        for (int v = 0; v < variants_count(); v++)
            if (v != variant_baseline())
                add_missing(model, &s->network, v, out, cap, &n);
        if (st->kind == DEMO_SUMMARY)
            for (int v = 0; v < variants_count(); v++)
                add_missing(model, &s->matmul, v, out, cap, &n);
        break;
    case DEMO_PROFILE:
        break;
    }
    return n;
}

bool demo_step_measured(const demo_script *s, int step, const results *model)
{
    if (step < 0 || step >= s->count)
        return false;
    if (s->steps[step].kind == DEMO_SUMMARY) {
        experiment none[1];
        return demo_step_missing(s, step, model, none, 1) == 0;
    }
    return results_find(model, &s->steps[step].exp) != NULL;
}

/* Counters */

static double count_of(const sample *s, const counter_event *events, int nevents,
                       const char *const *names, int nnames)
{
    for (int i = 0; i < nnames; i++)
        for (int e = 0; e < nevents && e < s->nevents && e < COUNTERS_MAX; e++)
            if (events[e].available && strcmp(events[e].name, names[i]) == 0 &&
                isfinite(s->counts[e]))
                return s->counts[e];
    return NAN;
}

void demo_counts_of(const sample *s, const counter_event *events, int nevents, demo_counts *out)
{
    static const char *const l1[] = {"PAPI_L1_DCM"};
    static const char *const llc[] = {"PAPI_L3_TCM", "PAPI_L3_DCM"};
    static const char *const task[] = {"perf::TASK-CLOCK"};
    *out = (demo_counts){
        .fmas = s->flops / 2.0,
        .hw_l1 = count_of(s, events, nevents, l1, 1),
        .hw_llc = count_of(s, events, nevents, llc, 2),
        .sim_l1 = NAN,
        .sim_ll = NAN,
        .cpu_share = NAN,
    };
    const double task_ns = count_of(s, events, nevents, task, 1);
    if (isfinite(task_ns) && s->t_median > 0)
        out->cpu_share = task_ns * 1e-9 / s->t_median;
}

/* "0.125", "1.00", "0.0021": per multiply-add, two significant digits when small. */
static void per_fma(char *buf, size_t len, double v)
{
    snprintf(buf, len, v >= 0.1 ? "%.2f" : "%.2g", v);
}

void demo_counter_sentence(const demo_counts *c, char *buf, size_t len)
{
    const struct {
        const char *label;
        double l1, ll;
    } sources[] = {
        {"hardware", c->hw_l1, c->hw_llc},
        {"simulated", c->sim_l1, c->sim_ll},
    };
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        if (!isfinite(sources[i].l1) || !(c->fmas > 0))
            continue;
        char a[32], b[32];
        per_fma(a, sizeof a, sources[i].l1 / c->fmas);
        if (isfinite(sources[i].ll)) {
            per_fma(b, sizeof b, sources[i].ll / c->fmas);
            snprintf(buf, len, "Counters (%s): %s L1 misses per multiply-add, %s last-level.",
                     sources[i].label, a, b);
        } else {
            snprintf(buf, len, "Counters (%s): %s L1 misses per multiply-add.", sources[i].label,
                     a);
        }
        return;
    }
    /* task-clock per repetition against the median time: a whole CPU reads a little over */
    if (isfinite(c->cpu_share) && c->cpu_share >= 0.95)
        snprintf(buf, len,
                 "No cache counters here (tttop events says why); the run had a whole CPU.");
    else if (isfinite(c->cpu_share))
        snprintf(buf, len,
                 "No cache counters here (tttop events says why); the run had %.0f%% of "
                 "a CPU.",
                 100.0 * c->cpu_share);
    else
        snprintf(buf, len, "No cache counters here (tttop events says why).");
}

/* Captions */

typedef struct fill_ctx {
    const demo_script *s;
    const demo_step *st;
    const results *model;
    const counter_event *events;
    int nevents;
    const result_row *own;
} fill_ctx;

/* Sections of the profile whose names start with prefix, as a share of the pass. */
static double profile_share_of(const profile *p, const char *prefix)
{
    const double total = profile_total(p);
    double part = 0.0;
    for (int i = 0; i < p->count; i++)
        if (strncmp(p->entries[i].name, prefix, strlen(prefix)) == 0)
            part += p->entries[i].total_s;
    return total > 0 ? part / total : NAN;
}

static int largest_section(const profile *p)
{
    int best = -1;
    for (int i = 0; i < p->count; i++)
        if (best < 0 || p->entries[i].total_s > p->entries[best].total_s)
            best = i;
    return best;
}

/* The fastest measured variant at the ladder's setting. */
static const result_row *fastest(const fill_ctx *c)
{
    const result_row *best = NULL;
    for (int v = 0; v < variants_count(); v++) {
        const result_row *row = row_at(c->model, &c->s->matmul, v);
        if (row && (!best || row->s.t_median < best->s.t_median))
            best = row;
    }
    return best;
}

static bool put_seconds(char *out, size_t len, const result_row *row)
{
    if (!row)
        return false;
    format_seconds(out, len, row->s.t_median);
    return true;
}

static bool put_ratio(char *out, size_t len, double r)
{
    if (!isfinite(r))
        return false;
    format_ratio(out, len, r);
    return true;
}

static bool put_share(char *out, size_t len, double share)
{
    if (!isfinite(share))
        return false;
    if (share > 0.9995) /* not "100.0%" while something else took a sliver */
        snprintf(out, len, "over 99.9%%");
    else
        snprintf(out, len, "%.1f%%", 100.0 * share);
    return true;
}

static bool put_text(char *out, size_t len, const char *text)
{
    snprintf(out, len, "%s", text);
    return true;
}

static bool put_flops(char *out, size_t len, double flops)
{
    if (flops >= 1e9)
        snprintf(out, len, "%.2f GFLOP", flops * 1e-9);
    else
        snprintf(out, len, "%.0f MFLOP", flops * 1e-6);
    return true;
}

/* The value of {name}: false when it is not known (not measured yet). */
static bool fill_value(const fill_ctx *c, const char *name, char *out, size_t len)
{
    const experiment *e = &c->st->exp;
    const result_row *own = c->own;
    const int base = variant_baseline(), ref = variant_reference();
    if (strcmp(name, "variant") == 0)
        return put_text(out, len, variant_name(e->variant));
    if (strcmp(name, "lesson") == 0)
        return put_text(out, len, variant_lesson(e->variant));
    if (strcmp(name, "base") == 0)
        return put_text(out, len, variant_name(base));
    if (strcmp(name, "ref") == 0)
        return put_text(out, len, variant_name(ref));
    if (strcmp(name, "prev") == 0)
        return c->st->prev >= 0 && put_text(out, len, variant_name(c->st->prev));
    if (strcmp(name, "shape") == 0) {
        experiment_describe_shape(e, out, len);
        return e->workload != WORKLOAD_MATMUL || e->n > 0;
    }
    if (strcmp(name, "flops") == 0)
        return e->n > 0 && put_flops(out, len, experiment_flops(e));
    if (strcmp(name, "time") == 0)
        return put_seconds(out, len, own);
    if (strcmp(name, "gflops") == 0) {
        if (!own || !isfinite(own->s.gflops))
            return false;
        format_gflops(out, len, own->s.gflops);
        return true;
    }
    if (strcmp(name, "pct") == 0) {
        if (!own || !isfinite(own->percent_of_peak))
            return false;
        snprintf(out, len, own->percent_of_peak < 9.95 ? "%.1f%%" : "%.0f%%", own->percent_of_peak);
        return true;
    }
    if (strcmp(name, "x_base") == 0)
        return own && put_ratio(out, len, own->speedup_vs_baseline);
    if (strcmp(name, "x_prev") == 0) { /* the step before, unless that was the baseline */
        if (c->st->prev == base)
            return false;
        const result_row *prev = row_at(c->model, e, c->st->prev);
        return own && prev && put_ratio(out, len, prev->s.t_median / own->s.t_median);
    }
    if (strcmp(name, "base_time") == 0)
        return put_seconds(out, len, row_at(c->model, e, base));
    if (strcmp(name, "dense_share") == 0)
        return own && put_share(out, len, profile_share_of(&own->s.prof, "dense"));
    if (strcmp(name, "top_layer") == 0 || strcmp(name, "top_share") == 0) {
        const int top = own ? largest_section(&own->s.prof) : -1;
        if (top < 0)
            return false;
        if (strcmp(name, "top_layer") == 0)
            return put_text(out, len, own->s.prof.entries[top].name);
        return put_share(out, len, profile_share(&own->s.prof, top));
    }
    if (strcmp(name, "counters") == 0) {
        if (!own)
            return false;
        demo_counts counts;
        demo_counts_of(&own->s, c->events, c->nevents, &counts);
        if (own->sim.valid) { /* where no PMU counts: valgrind's, per multiply as well */
            counts.sim_l1 = own->sim.l1d_misses;
            counts.sim_ll = own->sim.ll_misses;
        }
        demo_counter_sentence(&counts, out, len);
        return true;
    }
    if (strcmp(name, "net_x") == 0) {
        const result_row *r = row_at(c->model, &c->s->network, ref);
        return r && put_ratio(out, len, r->speedup_vs_baseline);
    }
    if (strncmp(name, "best", 4) == 0) {
        const result_row *best = fastest(c);
        if (!best)
            return false;
        if (strcmp(name, "best") == 0)
            return put_text(out, len, variant_name(best->s.exp.variant));
        if (strcmp(name, "best_time") == 0)
            return put_seconds(out, len, best);
        return put_ratio(out, len, best->speedup_vs_baseline);
    }
    return false; /* an unknown name stays "measuring..." rather than printing garbage */
}

/* A growing string in a fixed buffer, always terminated. */
typedef struct outbuf {
    char *buf;
    size_t len, used;
} outbuf;

static void out_add(outbuf *o, const char *text, size_t n)
{
    if (o->len == 0)
        return;
    const size_t room = o->len - 1 - o->used;
    if (n > room)
        n = room;
    memcpy(o->buf + o->used, text, n);
    o->used += n;
    o->buf[o->used] = '\0';
}

static void fill(const fill_ctx *c, const char *tpl, char *buf, size_t len)
{
    outbuf o = {buf, len, 0};
    if (len)
        buf[0] = '\0';
    size_t group = 0; /* where the open [ ... ] began in the output */
    bool in_group = false, group_ok = true;
    const char *p = tpl;
    while (*p) {
        if (*p == '[' || *p == ']') {
            if (*p == '[') {
                in_group = true;
                group_ok = true;
                group = o.used;
            } else if (in_group) {
                if (!group_ok) {
                    o.used = group;
                    if (len)
                        buf[o.used] = '\0';
                }
                in_group = false;
            }
            p++;
            continue;
        }
        if (*p != '{') {
            const size_t n = strcspn(p, "{[]");
            out_add(&o, p, n);
            p += n;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end)
            break;
        char name[32], value[256];
        snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
        p = end + 1;
        if (fill_value(c, name, value, sizeof value)) {
            out_add(&o, value, strlen(value));
        } else if (in_group) {
            group_ok = false;
        } else {
            /* the line stops at the first number still to come */
            out_add(&o, measuring, strlen(measuring));
            p += strcspn(p, "\n");
            in_group = false;
        }
    }
}

static fill_ctx context(const demo_script *s, int step, const results *model,
                        const counter_event *events, int nevents)
{
    fill_ctx c = {
        .s = s, .st = &s->steps[step], .model = model, .events = events, .nevents = nevents};
    c.own = model ? results_find(model, &c.st->exp) : NULL;
    return c;
}

void demo_title(const demo_script *s, int step, char *buf, size_t len)
{
    if (step < 0 || step >= s->count) {
        snprintf(buf, len, "?");
        return;
    }
    fill_ctx c = context(s, step, NULL, NULL, 0);
    fill(&c, c.st->title, buf, len);
}

void demo_caption(const demo_script *s, int step, const results *model, const counter_event *events,
                  int nevents, char *buf, size_t len)
{
    if (step < 0 || step >= s->count) {
        snprintf(buf, len, "?");
        return;
    }
    fill_ctx c = context(s, step, model, events, nevents);
    fill(&c, c.st->caption, buf, len);
}

/* Cells of n bytes of UTF-8. */
static int cells(const char *text, size_t n)
{
    int count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)text[i] & 0xC0) != 0x80;
    return count;
}

/* Bytes of text that make up at most max cells. */
static size_t bytes_for(const char *text, size_t n, int max)
{
    size_t i = 0;
    int used = 0;
    while (i < n && used < max) {
        i++;
        while (i < n && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
        used++;
    }
    return i;
}

int demo_wrap(const char *text, int width, char (*lines)[DEMO_LINE_MAX], int max_lines)
{
    if (width < 1 || max_lines < 1)
        return 0;
    if (width > DEMO_LINE_MAX / 4)
        width = DEMO_LINE_MAX / 4; /* a cell is at most 4 bytes */
    int n = 0;
    const char *p = text;
    while (*p && n < max_lines) {
        const size_t para = strcspn(p, "\n");
        const char *end = p + para;
        /* the words of this paragraph */
        char *line = lines[n];
        size_t used = 0;
        int used_cells = 0;
        line[0] = '\0';
        const char *w = p;
        while (w < end && n < max_lines) {
            while (w < end && *w == ' ')
                w++;
            if (w == end)
                break;
            size_t wlen = strcspn(w, " \n");
            if (w + wlen > end)
                wlen = (size_t)(end - w);
            int wcells = cells(w, wlen);
            const int need = used_cells ? used_cells + 1 + wcells : wcells;
            if (need > width && used_cells > 0) { /* next line */
                if (++n >= max_lines)
                    break;
                line = lines[n];
                used = 0;
                used_cells = 0;
                line[0] = '\0';
                continue;
            }
            if (wcells > width) { /* a word longer than a line is cut */
                wlen = bytes_for(w, wlen, width);
                wcells = width;
            }
            if (used_cells) {
                line[used++] = ' ';
                used_cells++;
            }
            memcpy(line + used, w, wlen);
            used += wlen;
            used_cells += wcells;
            line[used] = '\0';
            w += wlen;
        }
        if (n < max_lines)
            n++;
        p = *end ? end + 1 : end;
    }
    return n;
}
