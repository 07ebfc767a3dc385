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

void panel_counters(const rect *r, const view *v)
{
    const runner_snapshot *s = v->snap;
    const sample *last = v->current ? &v->current->s : NULL;
    bool hardware = false;
    for (int i = 0; i < s->nevents; i++)
        hardware = hardware || (s->events[i].available && !s->events[i].software);
    char title[96];
    snprintf(title, sizeof title, "counters per repetition, %s%s",
             hardware ? "hardware events" : "software events only",
             last && last->threads_used > 1 ? ", calling thread only" : "");
    screen_box(r, title);
    rect in = screen_inner(r);
    int x = 0;
    for (int i = 0; i < s->nevents; i++) {
        const counter_event *ev = &s->events[i];
        if (!ev->available)
            continue;
        char val[32], item[64];
        report_event_value(val, sizeof val, ev->name, last ? last->counts[i] : NAN);
        snprintf(item, sizeof item, "%s %s  ", report_event_title(ev->name), val);
        if (x > 0 && x + (int)strlen(item) - 2 > in.w)
            break; /* whole items only */
        x += screen_printf(r, 0, x, ROLE_LABEL, "%s ", report_event_title(ev->name));
        x += screen_put(r, 0, x, last && !isnan(last->counts[i]) ? ROLE_VALUE : ROLE_LABEL, val);
        x += screen_put(r, 0, x, ROLE_TEXT, "  ");
    }
    if (x == 0)
        screen_put(r, 0, 0, ROLE_BAD,
                   s->counters_ready ? "no event countable here (tttop events says why)"
                                     : "opening counters...");
    if (in.h < 2)
        return;
    if (!last) {
        screen_put(r, 1, 0, ROLE_LABEL, "metrics follow the first sample");
        return;
    }
    metrics m;
    metrics_compute_events(s->events, s->nevents, last->counts, last->flops,
                           experiment_min_bytes(&last->exp), last->t_median, &m);
    char missing[128] = "";
    x = 0;
    x = put_metric(r, 1, x, "IPC", "IPC", &m.ipc, "%.2f", missing, sizeof missing);
    x = put_metric(r, 1, x, "L1 miss/ins", "L1", &m.l1_miss_rate, "%.3f", missing, sizeof missing);
    x = put_metric(r, 1, x, "LLC miss/ins", "LLC", &m.llc_miss_rate, "%.4f", missing,
                   sizeof missing);
    x = put_metric(r, 1, x, "FLOPs/2mnk", "FLOPs", &m.flops_ratio, "%.2f", missing, sizeof missing);
    if (last->exp.workload == WORKLOAD_MATMUL) /* the network has no single traffic figure */
        x = put_metric(r, 1, x, "AI", "AI", &m.ai_analytic, "%.1f F/B", missing, sizeof missing);
    x = put_metric(r, 1, x, "CPU", "CPU", &m.cpu_utilisation, "%.2f", missing, sizeof missing);
    if (missing[0]) {
        char why[96], line[256];
        missing_reason(s, why, sizeof why);
        snprintf(line, sizeof line, "n/a: %s (%s)", missing, why);
        /* the reason only when it fits whole: a cut parenthesis reads as garbage */
        if (x + (int)strlen(line) > in.w)
            snprintf(line, sizeof line, "n/a: %s", missing);
        screen_put(r, 1, x, ROLE_LABEL, line);
    }
}

void panel_ladder(const rect *r, const view *v)
{
    const runner_snapshot *s = v->snap;
    const int nv = variants_count();
    char shape[64], title[128], vb[16], vn[16];
    experiment_describe_shape(&s->wanted, shape, sizeof shape);
    const int threads = experiment_threads(&s->wanted);
    snprintf(title, sizeof title, "ladder at %s, %d thread%s", shape, threads,
             threads > 1 ? "s" : "");
    screen_box(r, title);
    rect in = screen_inner(r);
    snprintf(vn, sizeof vn, "x %.8s", variant_name(variant_baseline()));
    snprintf(vb, sizeof vb, "x %.8s", variant_name(variant_reference()));
    screen_printf(r, 0, 0, ROLE_LABEL, " %-11s %7s %7s %7s %10s %s", "variant", "median", "GFLOP/s",
                  vn, vb, "ok?");
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
        char line[256];
        snprintf(line, sizeof line, "%s%-11.11s %7s %7s %7s %10s %s", current ? ">" : " ",
                 variant_name(vi), med, gf, xn, xb, check);
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
