/* Counters and derived metrics, the speed-up ladder and the per-layer profile. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "metrics.h"
#include "report.h"
#include "view.h"

/* Bytes a matmul must move at least: A, B and C once. */
static double analytic_bytes(const experiment *e)
{
    if (e->workload != WORKLOAD_MATMUL)
        return NAN;
    return 8.0 * ((double)e->m * e->k + (double)e->k * e->n + (double)e->m * e->n);
}

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
        if (ev->available || !ev->reason || strncmp(ev->name, "perf::", 6) == 0)
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
    const sample *last = &s->last;
    char title[96];
    snprintf(title, sizeof title, "counters per repetition%s",
             last->seq && last->threads_used > 1 ? " (calling thread only)" : "");
    screen_box(r, title);
    rect in = screen_inner(r);
    int x = 0;
    for (int i = 0; i < s->nevents; i++) {
        const counter_event *ev = &s->events[i];
        if (!ev->available)
            continue;
        char val[32];
        format_count(val, sizeof val, last->seq ? last->counts[i] : NAN);
        x += screen_printf(r, 0, x, ROLE_LABEL, "%s ", report_event_short_name(ev->name));
        x += screen_put(r, 0, x, isnan(last->counts[i]) ? ROLE_LABEL : ROLE_VALUE, val);
        x += screen_put(r, 0, x, ROLE_TEXT, "  ");
    }
    if (x == 0)
        screen_put(r, 0, 0, ROLE_BAD,
                   s->counters_ready ? "no event countable here (tttop events says why)"
                                     : "opening counters...");
    if (in.h < 2)
        return;
    metrics m;
    double seconds = last->seq ? last->t_median : NAN;
    metrics_compute_events(s->events, s->nevents, last->counts, last->flops,
                           analytic_bytes(&last->exp), seconds, &m);
    if (!last->seq) {
        screen_put(r, 1, 0, ROLE_LABEL, "metrics follow the first sample");
        return;
    }
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
        char why[96];
        missing_reason(s, why, sizeof why);
        x += screen_put(r, 1, x, ROLE_BAD, "n/a");
        screen_printf(r, 1, x, ROLE_LABEL, ": %s (%s)", missing, why);
    }
}

void panel_ladder(const rect *r, const view *v)
{
    const runner_snapshot *s = v->snap;
    char shape[64], title[128];
    experiment_describe_shape(&s->wanted, shape, sizeof shape);
    snprintf(title, sizeof title, "ladder at %s, %d thread%s", shape,
             s->wanted.tun.threads > 0 ? s->wanted.tun.threads : 1,
             s->wanted.tun.threads > 1 ? "s" : "");
    screen_box(r, title);
    rect in = screen_inner(r);
    screen_printf(r, 0, 0, ROLE_LABEL, " %-11s %8s %7s %7s %7s %s", "variant", "median", "GFLOP/s",
                  "x naive", "x blas", "ok?");
    const sample *naive = &s->ladder[kernel_index("naive")];
    const sample *blas = &s->ladder[kernel_index("openblas")];
    for (int vi = 0; vi < kernel_count() && vi + 1 < in.h; vi++) {
        const sample *x = &s->ladder[vi];
        const bool current = vi == s->wanted.variant;
        const bool running = s->state == RUNNER_MEASURING && s->running.variant == vi;
        char med[32] = "-", gf[32] = "-", vn[32] = "-", vb[32] = "-", check[32] = "";
        if (x->seq) {
            format_seconds(med, sizeof med, x->t_median);
            format_gflops(gf, sizeof gf, x->gflops);
            if (naive->seq)
                format_ratio(vn, sizeof vn, naive->t_median / x->t_median);
            if (blas->seq)
                format_ratio(vb, sizeof vb, x->t_median / blas->t_median);
            snprintf(check, sizeof check, "%s",
                     x->verdict == CHECK_PASS   ? "ok"
                     : x->verdict == CHECK_FAIL ? "FAIL"
                                                : "");
        } else if (running) {
            snprintf(med, sizeof med, "...");
        }
        char line[256];
        snprintf(line, sizeof line, "%s%-11s %8s %7s %7s %7s %s", current ? ">" : " ",
                 kernel_at(vi)->name, med, gf, vn, vb, check);
        screen_put(r, 1 + vi, 0, current ? ROLE_SELECT : x->seq ? ROLE_TEXT : ROLE_LABEL, line);
    }
}

void panel_profile(const rect *r, const view *v)
{
    const sample *last = &v->snap->last;
    const profile *p = &last->prof;
    char title[96];
    snprintf(title, sizeof title, "per-layer profile: %s",
             experiment_variant_name(&v->snap->wanted));
    screen_box(r, title);
    rect in = screen_inner(r);
    /* one counter column: the first countable event */
    int ev = -1;
    for (int i = 0; i < v->snap->nevents && ev < 0; i++)
        if (v->snap->events[i].available)
            ev = i;
    const bool bars = in.w >= 56;
    screen_printf(r, 0, 0, ROLE_LABEL, "%-11s %5s %9s %6s %10.10s", "section", "calls", "per call",
                  "share", ev >= 0 ? report_event_short_name(v->snap->events[ev].name) : "");
    if (!last->seq) {
        screen_put(r, 1, 0, ROLE_LABEL, "measuring...");
        return;
    }
    for (int i = 0; i < p->count && i + 1 < in.h; i++) {
        const profile_entry *e = &p->entries[i];
        char per[32], cnt[32] = "";
        format_seconds(per, sizeof per, e->calls ? e->total_s / e->calls : NAN);
        double share = profile_share(p, i);
        char bar[16];
        int fill = (int)(share * 10 + 0.5);
        for (int b = 0; b < 10; b++)
            bar[b] = b < fill ? '#' : ' ';
        bar[10] = '\0';
        if (ev >= 0)
            format_count(cnt, sizeof cnt, e->calls ? e->counts[ev] / e->calls : NAN);
        bool matmul = strncmp(e->name, "dense", 5) == 0;
        screen_printf(r, 1 + i, 0, matmul ? ROLE_TEXT : ROLE_LABEL,
                      "%-11s %5ld %9s %5.1f%% %10s %s", e->name, e->calls, per, 100.0 * share, cnt,
                      bars ? bar : "");
    }
}
