/* Counters and derived metrics, the speed-up ladder and the per-layer profile. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters/metrics.h"
#include "report/format.h"
#include "report/report.h"
#include "view.h"

/* A metric's value, or its name onto the list of those that cannot be had. */
static int put_metric(const rect *r, int y, int x, const char *name, const char *short_name,
                      const metric *m, const char *fmt, char *missing, size_t len)
{
    if (!m->has) {
        size_t used = strlen(missing);
        snprintf(missing + used, len - used, "%s%s", used ? " " : "", short_name);
        return x;
    }
    x += screen_put(r, y, x, ROLE_LABEL, name);
    x += screen_put(r, y, x, ROLE_LABEL, " ");
    x += screen_printf(r, y, x, ROLE_VALUE, fmt, m->value);
    return x + screen_put(r, y, x, ROLE_LABEL, "  ");
}

/* Why hardware-derived metrics are missing, short: the first refused event's reason up to
 * its parenthesis, or that no hardware event was asked for. */
static void missing_reason(const runner_snapshot *s, char *out, size_t len)
{
    for (int i = 0; i < s->nevents; i++) {
        const counter_event *ev = &s->events[i];
        if (ev->available || ev->software || !ev->reason)
            continue;
        size_t n = strcspn(ev->reason, "(");
        while (n > 0 && ev->reason[n - 1] == ' ')
            n--;
        snprintf(out, len, "%.*s", (int)n, ev->reason);
        return;
    }
    snprintf(out, len, "no hardware event asked for");
}

/* The counted events (hardware, software) on line y from column x; whole items only. */
static int put_events(const rect *r, int y, int x, const runner_snapshot *s, const sample *last)
{
    const int w = screen_inner(r).w;
    for (int i = 0; i < s->nevents; i++) {
        const counter_event *ev = &s->events[i];
        if (!ev->available)
            continue;
        char val[32], item[64];
        report_event_value(val, sizeof val, ev->name, last ? last->counts[i] : NAN);
        snprintf(item, sizeof item, "%s %s  ", report_event_title(ev->name), val);
        if (x > 0 && x + (int)strlen(item) - 2 > w)
            break; /* whole items only */
        x += screen_printf(r, y, x, ROLE_LABEL, "%s ", report_event_title(ev->name));
        x += screen_put(r, y, x, last && !isnan(last->counts[i]) ? ROLE_VALUE : ROLE_LABEL, val);
        x += screen_put(r, y, x, ROLE_TEXT, "  ");
    }
    return x;
}

/* The simulated counts of the run shown, tagged "sim:", the most telling first: L1 and
 * last-level misses, then what they mean per access, per FLOP and in bytes. */
static int put_simulated(const rect *r, int y, int x, const sim_counts *sim, const metrics *m)
{
    const int w = screen_inner(r).w;
    char l1m[16], llm[16], ins[16], acc[16], mem[24];
    format_count(l1m, sizeof l1m, sim->l1d_misses);
    format_count(llm, sizeof llm, sim->ll_misses);
    format_count(ins, sizeof ins, sim->instructions);
    format_count(acc, sizeof acc, sim->l1d_accesses);
    format_or_na(mem, sizeof mem, m->mem_bytes.has ? m->mem_bytes.value : NAN, format_bytes);
    struct {
        const char *name;
        char value[24];
    } items[8] = {{"L1D miss", ""}, {"L1 miss", ""}, {"miss/FLOP", ""}, {"LL miss", ""},
                  {"mem", ""},      {"AI mem", ""},  {"instr", ""},     {"L1D acc", ""}};
    snprintf(items[0].value, sizeof items[0].value, "%s", l1m);
    snprintf(items[1].value, sizeof items[1].value, "%.1f%%",
             m->l1_miss_ratio.has ? 100.0 * m->l1_miss_ratio.value : NAN);
    snprintf(items[2].value, sizeof items[2].value, "%.3g",
             m->l1_per_flop.has ? m->l1_per_flop.value : NAN);
    snprintf(items[3].value, sizeof items[3].value, "%s", llm);
    snprintf(items[4].value, sizeof items[4].value, "%s", mem);
    snprintf(items[5].value, sizeof items[5].value, "%.1f F/B",
             m->ai_counted.has ? m->ai_counted.value : NAN);
    snprintf(items[6].value, sizeof items[6].value, "%s", ins);
    snprintf(items[7].value, sizeof items[7].value, "%s", acc);
    x += screen_put(r, y, x, ROLE_LABEL, "sim: ");
    for (int i = 0; i < 8; i++) {
        const int len = (int)(strlen(items[i].name) + 1 + strlen(items[i].value));
        if (x + len > w)
            break; /* whole items, in this order */
        x += screen_printf(r, y, x, ROLE_LABEL, "%s ", items[i].name);
        x += screen_put(r, y, x, ROLE_VALUE, items[i].value);
        x += screen_put(r, y, x, ROLE_TEXT, "  ");
    }
    return x;
}

/* What the simulation was, on the panel's bottom border: the tool, the caches, the band,
 * and where it differs from the timed run (SIMD tile, threads). The longest that fits. */
static void sim_footnote(const rect *r, const sim_counts *sim, const sample *last)
{
    if (!r->boxed || r->w < 24)
        return;
    char caches[96], band[64], extra[64] = "", text[4][256];
    sim_geometry_describe(&sim->geometry, caches, sizeof caches);
    if (sim->small_rows > 0)
        snprintf(band, sizeof band, "rows 0-%d,0-%d of %d%s", sim->small_rows - 1,
                 sim->band_rows - 1, sim->rows, sim->part_block ? " (part block)" : "");
    else
        snprintf(band, sizeof band, "all %d rows", sim->rows);
    if (sim->isa[0] && last && last->isa && strcmp(sim->isa, last->isa) != 0)
        snprintf(extra, sizeof extra, ", %s tile", sim->isa);
    if (last && last->threads_used > 1) {
        size_t used = strlen(extra);
        snprintf(extra + used, sizeof extra - used, ", 1 thread");
    }
    snprintf(text[0], sizeof text[0], "simulated: %s, %s, %s%s", sim->tool, caches, band, extra);
    snprintf(text[1], sizeof text[1], "sim: %s, %s%s", caches, band, extra);
    snprintf(text[2], sizeof text[2], "sim: %s%s", band, extra);
    snprintf(text[3], sizeof text[3], "simulated");
    const rect foot = {.visible = true, .y = r->y + r->h - 1, .x = r->x + 2, .h = 1, .w = r->w - 4};
    for (int i = 0; i < 4; i++)
        if ((int)strlen(text[i]) + 2 <= foot.w) {
            screen_printf(&foot, 0, 0, ROLE_LABEL, " %s ", text[i]);
            return;
        }
}

void panel_counters(const rect *r, const view *v)
{
    const runner_snapshot *s = v->snap;
    const sample *last = v->current ? &v->current->s : NULL;
    /* the simulation is of a matmul: the network's panels stay as they were */
    const bool simulating = v->simulating && s->wanted.workload == WORKLOAD_MATMUL;
    const sim_counts *sim = simulating ? results_simulated(v->model, &s->wanted) : NULL;
    bool hardware = false;
    for (int i = 0; i < s->nevents; i++)
        hardware = hardware || (s->events[i].available && !s->events[i].software);
    char title[96];
    snprintf(title, sizeof title, "counters per repetition, %s%s%s",
             hardware ? "hardware events" : "software events only",
             simulating ? ", caches simulated" : "",
             last && last->threads_used > 1 ? ", calling thread only" : "");
    screen_box(r, title);
    rect in = screen_inner(r);
    /* with a simulation: its own line under the counted events when there is room, else
     * in their place (the point on a machine without a PMU) */
    const bool sim_line = simulating && s->counters_ready;
    const int events_y = sim_line && in.h < 3 ? -1 : 0;
    const int sim_y = sim_line ? (in.h >= 3 ? 1 : 0) : -1;
    const int metrics_y = sim_line && in.h >= 3 ? 2 : 1;
    int x = events_y == 0 ? put_events(r, 0, 0, s, last) : 0;
    if (events_y == 0 && x == 0)
        screen_put(r, 0, 0, ROLE_BAD,
                   s->counters_ready ? "no event countable here (tttop events says why)"
                                     : "opening counters...");
    metrics m;
    memset(&m, 0, sizeof m);
    if (last)
        metrics_compute_sim(s->events, s->nevents, last->counts, sim, last->flops,
                            experiment_min_bytes(&last->exp), last->t_median, &m);
    else if (sim)
        metrics_compute_sim(NULL, 0, NULL, sim, sim->flops, experiment_min_bytes(&s->wanted), NAN,
                            &m);
    if (sim_y >= 0) {
        if (sim && sim->valid) {
            put_simulated(r, sim_y, 0, sim, &m);
            sim_footnote(r, sim, last);
        } else if (v->sim_status && v->sim_status[0]) {
            screen_put(r, sim_y, 0, v->sim_failed ? ROLE_BAD : ROLE_LABEL, v->sim_status);
        } else {
            screen_put(r, sim_y, 0, ROLE_LABEL, "sim: waiting for the simulation...");
        }
    }
    if (in.h < metrics_y + 1)
        return;
    if (!last) {
        screen_put(r, metrics_y, 0, ROLE_LABEL, "metrics follow the first sample");
        return;
    }
    char missing[128] = "";
    x = 0;
    const int y = metrics_y;
    x = put_metric(r, y, x, "IPC", "IPC", &m.ipc, "%.2f", missing, sizeof missing);
    /* the simulated ones are on their own line */
    if (!m.l1_miss_rate.simulated)
        x = put_metric(r, y, x, "L1 miss/ins", "L1", &m.l1_miss_rate, "%.3f", missing,
                       sizeof missing);
    if (!m.llc_miss_rate.simulated)
        x = put_metric(r, y, x, "LLC miss/ins", "LLC", &m.llc_miss_rate, "%.4f", missing,
                       sizeof missing);
    x = put_metric(r, y, x, "FLOPs/2mnk", "FLOPs", &m.flops_ratio, "%.2f", missing, sizeof missing);
    if (last->exp.workload == WORKLOAD_MATMUL) /* the network has no single traffic figure */
        x = put_metric(r, y, x, "AI", "AI", &m.ai_analytic, "%.1f F/B", missing, sizeof missing);
    x = put_metric(r, y, x, "CPU", "CPU", &m.cpu_utilisation, "%.2f", missing, sizeof missing);
    if (missing[0]) {
        char why[96], line[256];
        missing_reason(s, why, sizeof why);
        snprintf(line, sizeof line, "n/a: %s (%s)", missing, why);
        /* the reason only when it fits whole: a cut parenthesis reads as garbage */
        if (x + (int)strlen(line) > in.w)
            snprintf(line, sizeof line, "n/a: %s", missing);
        screen_put(r, y, x, ROLE_LABEL, line);
    }
}

/* The ladder's width with the simulated column: 51 + 9. */
#define SIM_COLUMN_WIDTH 60

void panel_ladder(const rect *r, const view *v)
{
    const runner_snapshot *s = v->snap;
    const int nv = variants_count();
    char shape[64], title[128], vb[16], vn[16];
    experiment_describe_shape(&s->wanted, shape, sizeof shape);
    const int threads = experiment_threads(&s->wanted);
    rect in = screen_inner(r);
    /* simulated L1 misses per FLOP: a column of its own where the width allows */
    const bool sim_col =
        v->simulating && s->wanted.workload == WORKLOAD_MATMUL && in.w >= SIM_COLUMN_WIDTH;
    snprintf(title, sizeof title, "ladder at %s, %d thread%s%s", shape, threads,
             threads > 1 ? "s" : "", sim_col ? ", L1 misses simulated" : "");
    screen_box(r, title);
    snprintf(vn, sizeof vn, "x %.8s", variant_name(variant_baseline()));
    snprintf(vb, sizeof vb, "x %.8s", variant_name(variant_reference()));
    screen_printf(r, 0, 0, ROLE_LABEL, " %-11s %7s %7s %7s %10s%s %s", "variant", "median",
                  "GFLOP/s", vn, vb, sim_col ? " L1m/FLOP" : "", "ok?");
    const result_row **rows = malloc((size_t)nv * sizeof(const result_row *));
    if (!rows)
        return;
    results_ladder(v->model, &s->wanted, rows);
    /* more variants than lines: a window that keeps the selected one in view */
    const int visible = in.h - 1;
    int first = 0;
    if (visible > 0 && nv > visible && s->wanted.variant >= visible)
        first = s->wanted.variant - visible + 1;
    for (int vi = first; vi < nv && vi - first < visible; vi++) {
        const result_row *row = rows[vi];
        const bool current = vi == s->wanted.variant;
        const bool running = s->state == RUNNER_MEASURING && s->running.variant == vi &&
                             experiment_same_setting(&s->running, &s->wanted);
        char med[32] = "-", gf[32] = "-", xn[32] = "-", xb[32] = "-", check[32] = "";
        if (row) {
            format_seconds(med, sizeof med, row->s.t_median);
            format_gflops(gf, sizeof gf, row->s.gflops);
            if (isfinite(row->speedup_vs_baseline))
                format_ratio(xn, sizeof xn, row->speedup_vs_baseline);
            if (isfinite(row->slowdown_vs_reference))
                format_ratio(xb, sizeof xb, row->slowdown_vs_reference);
            snprintf(check, sizeof check, "%s",
                     row->s.reference               ? "ref"
                     : row->s.verdict == CHECK_PASS ? "ok"
                     : row->s.verdict == CHECK_FAIL ? "FAIL"
                                                    : "");
        } else if (running) {
            snprintf(med, sizeof med, "...");
        }
        char line[256], l1[16] = "";
        if (sim_col) {
            experiment e = s->wanted;
            e.variant = vi;
            const sim_counts *sim =
                row && row->sim.valid ? &row->sim : results_simulated(v->model, &e);
            if (sim && sim->valid && sim->flops > 0)
                snprintf(l1, sizeof l1, " %8.3g", sim->l1d_misses / sim->flops);
            else
                snprintf(l1, sizeof l1, " %8s", "-");
        }
        snprintf(line, sizeof line, "%s%-11.11s %7s %7s %7s %10s%s %s", current ? ">" : " ",
                 variant_name(vi), med, gf, xn, xb, l1, check);
        screen_put(r, 1 + vi - first, 0,
                   current ? ROLE_SELECT
                   : row   ? ROLE_TEXT
                           : ROLE_LABEL,
                   line);
    }
    free(rows);
}

/* Profile entries, largest share first. */
static int by_share(const void *a, const void *b)
{
    const profile_entry *x = a, *y = b;
    return (x->total_s < y->total_s) - (x->total_s > y->total_s);
}

void panel_profile(const rect *r, const view *v)
{
    const sample *last = v->current ? &v->current->s : NULL;
    char title[96];
    snprintf(title, sizeof title, "per-layer profile: %s, largest first",
             experiment_variant_name(&v->snap->wanted));
    screen_box(r, title);
    rect in = screen_inner(r);
    /* one counter column: the first countable event */
    int ev = -1;
    for (int i = 0; i < v->snap->nevents && ev < 0; i++)
        if (v->snap->events[i].available)
            ev = i;
    const bool bars = in.w >= 56;
    screen_printf(r, 0, 0, ROLE_LABEL, "%-11s %5s %9s %6s %12.12s", "section", "calls", "per call",
                  "share", ev >= 0 ? report_event_title(v->snap->events[ev].name) : "");
    if (!last || last->prof.count == 0) {
        screen_put(r, 1, 0, ROLE_LABEL, "measuring...");
        return;
    }
    profile p = last->prof;
    const double total = profile_total(&p);
    qsort(p.entries, (size_t)p.count, sizeof p.entries[0], by_share);
    /* what does not fit is folded into one "other" row: the answer stays on screen */
    const int lines = in.h - 1;
    const int shown = p.count <= lines ? p.count : lines - 1;
    for (int i = 0; i < p.count && i < lines; i++) {
        const bool other = i == shown;
        profile_entry e = p.entries[i];
        char name[PROFILE_NAME_MAX + 8];
        snprintf(name, sizeof name, "%s", e.name);
        if (other) {
            int folded = 0;
            for (int j = i + 1; j < p.count; j++, folded++) {
                e.total_s += p.entries[j].total_s;
                e.calls += p.entries[j].calls;
                for (int k = 0; k < COUNTERS_MAX; k++)
                    e.counts[k] += p.entries[j].counts[k];
            }
            snprintf(name, sizeof name, "%d others", folded + 1);
        }
        char per[32], cnt[32] = "", bar[16], calls[24] = "";
        if (!other)
            snprintf(calls, sizeof calls, "%ld", e.calls);
        format_seconds(per, sizeof per, e.calls ? e.total_s / e.calls : NAN);
        const double share = total > 0 ? e.total_s / total : 0.0;
        const int fill = (int)(share * 10 + 0.5);
        for (int b = 0; b < 10; b++)
            bar[b] = b < fill ? '#' : ' ';
        bar[10] = '\0';
        if (ev >= 0)
            report_event_value(cnt, sizeof cnt, v->snap->events[ev].name,
                               e.calls && !other ? e.counts[ev] / e.calls : NAN);
        const bool matmul = strncmp(e.name, "dense", 5) == 0 && !other;
        screen_printf(r, 1 + i, 0, matmul ? ROLE_TEXT : ROLE_LABEL,
                      "%-11.11s %5s %9s %5.1f%% %12s %s", name, calls, other ? "" : per,
                      100.0 * share, other ? "" : cnt, bars ? bar : "");
    }
}
