/* The header, the status line, the experiment and the live readings. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "view.h"

void panel_header(const rect *r, const view *v)
{
    const hostinfo *h = v->host;
    char l1[32], l2[32], l3[32], peak[32];
    format_size_short(l1, sizeof l1, h->l1d_bytes);
    format_size_short(l2, sizeof l2, h->l2_bytes);
    format_size_short(l3, sizeof l3, h->l3_bytes);
    format_gflops(peak, sizeof peak, h->peak_gflops);
    const char *sep = v->caps.utf8 ? " \u00b7 " : " | ";
    int x = screen_put(r, 0, 0, ROLE_TITLE, "tttop ");
    x += screen_put(r, 0, x, ROLE_VALUE, workload_name(v->snap->wanted.workload));
    x += screen_printf(r, 0, x, ROLE_TEXT, "%s%s%s%d cpus%scaches %s/%s/%s", sep, h->cpu_model, sep,
                       h->cores, sep, l1, l2, l3);
    if (h->peak_gflops > 0)
        screen_printf(r, 0, x, ROLE_TEXT, "%speak %s GFLOP/s/core", sep, peak);
}

void panel_status(const rect *r, const view *v)
{
    const runner_snapshot *s = v->snap;
    if (v->message && v->message[0]) {
        screen_put(r, 0, 0, ROLE_KEY, v->message);
        return;
    }
    const bool hw = s->counters_ready &&
                    strncmp(s->counter_status, "hardware counters: ", 19) == 0 &&
                    !strstr(s->counter_status, "unavailable") && !strstr(s->counter_status, "not ");
    screen_put(r, 0, 0, hw ? ROLE_GOOD : ROLE_LABEL,
               s->counters_ready ? s->counter_status : "counters: opening...");
}

static void setting_line(const rect *r, int y, const char *keys, const char *label,
                         const char *value, bool used)
{
    screen_put(r, y, 0, ROLE_KEY, keys);
    screen_put(r, y, 4, ROLE_LABEL, label);
    screen_put(r, y, 13, used ? ROLE_VALUE : ROLE_LABEL, value);
}

void panel_experiment(const rect *r, const view *v)
{
    const experiment *e = &v->snap->wanted;
    const kernel_info *k = kernel_at(e->variant);
    const bool net = e->workload != WORKLOAD_MATMUL;
    char shape[64], block[32], threads[32];
    experiment_describe_shape(e, shape, sizeof shape);
    snprintf(block, sizeof block, "%d%s", e->tun.block > 0 ? e->tun.block : KERNEL_DEFAULT_BLOCK,
             k && (k->tunables & KERNEL_USES_BLOCK) ? "" : " (unused)");
    snprintf(threads, sizeof threads, "%d%s", e->tun.threads > 0 ? e->tun.threads : 1,
             k && (k->tunables & KERNEL_USES_THREADS) ? "" : " (unused)");
    rect in = screen_inner(r);
    if (r->boxed)
        screen_box(r, "experiment");
    if (in.h >= 5) {
        setting_line(r, 0, "w", "workload", workload_name(e->workload), true);
        setting_line(r, 1, "v V", "variant", k ? k->name : "?", true);
        setting_line(r, 2, "+ -", net ? "batch" : "size", shape, true);
        setting_line(r, 3, "b B", "block", block, k && (k->tunables & KERNEL_USES_BLOCK));
        setting_line(r, 4, "t T", "threads", threads, k && (k->tunables & KERNEL_USES_THREADS));
        return;
    }
    /* compact: everything on one or two lines */
    screen_printf(r, 0, 0, ROLE_VALUE, "%s %s %s", workload_name(e->workload), k ? k->name : "?",
                  shape);
    if (in.h >= 2)
        screen_printf(r, 1, 0, ROLE_LABEL, "block %s  threads %s", block, threads);
}

static void progress_line(const rect *r, int y, const view *v)
{
    const runner_snapshot *s = v->snap;
    rect in = screen_inner(r);
    if (s->state == RUNNER_FAILED) {
        screen_printf(r, y, 0, ROLE_BAD, "cannot run: %s", s->error);
        return;
    }
    if (s->state == RUNNER_PAUSED || v->paused) {
        screen_put(r, y, 0, ROLE_KEY, "paused (space resumes)");
        return;
    }
    const char *what = experiment_variant_name(&s->running);
    char shape[64];
    experiment_describe_shape(&s->running, shape, sizeof shape);
    if (s->progress_total > 1 && s->run_elapsed_s > 0.3) {
        double frac = (double)s->progress_done / (double)s->progress_total;
        char eta[32] = "";
        if (s->eta_s >= 0)
            format_seconds(eta, sizeof eta, s->eta_s);
        int bar = in.w - 22;
        if (bar < 4)
            bar = 4;
        int fill = (int)(frac * bar + 0.5);
        const char *done = v->caps.utf8 ? "\u2588" : "#", *todo = v->caps.utf8 ? "\u2591" : ".";
        char line[1024];
        size_t n = (size_t)snprintf(line, sizeof line, "[");
        for (int i = 0; i < bar && n + 48 < sizeof line; i++)
            n += (size_t)snprintf(line + n, sizeof line - n, "%s", i < fill ? done : todo);
        snprintf(line + n, sizeof line - n, "] %3.0f%% %s%s", 100 * frac, eta[0] ? "ETA " : "",
                 eta);
        screen_put(r, y, 0, ROLE_CHART, line);
    } else {
        screen_printf(r, y, 0, ROLE_LABEL, "%s %s %s...", s->sweeping ? "sweeping" : "measuring",
                      what, shape);
    }
}

void panel_readings(const rect *r, const view *v)
{
    const runner_snapshot *s = v->snap;
    const sample *last = &s->last;
    if (r->boxed)
        screen_box(r, "readings");
    rect in = screen_inner(r);
    int y = 0;
    char a[32], b[32], c[32];
    if (!last->seq) {
        screen_put(r, y++, 0, ROLE_LABEL, "no sample yet at this setting");
    } else {
        format_seconds(a, sizeof a, last->t_last);
        format_seconds(b, sizeof b, s->best_s);
        format_seconds(c, sizeof c, s->median_s);
        int x = screen_put(r, y, 0, ROLE_LABEL, "last ");
        x += screen_put(r, y, x, ROLE_VALUE, a);
        x += screen_put(r, y, x, ROLE_LABEL, "  min ");
        x += screen_put(r, y, x, ROLE_VALUE, b);
        x += screen_put(r, y, x, ROLE_LABEL, "  med ");
        screen_put(r, y++, x, ROLE_VALUE, c);

        format_gflops(a, sizeof a, last->gflops);
        x = screen_put(r, y, 0, ROLE_VALUE, a);
        x += screen_put(r, y, x, ROLE_LABEL, " GFLOP/s");
        double peak = v->host->peak_gflops * last->threads_used;
        if (peak > 0)
            screen_printf(r, y, x, ROLE_LABEL, "  %.0f%% of nominal peak",
                          100.0 * last->gflops / peak);
        y++;
    }
    if (y < in.h - 1 && last->seq) {
        const int naive_v = kernel_index("naive"), blas_v = kernel_index("openblas");
        const sample *naive = &s->ladder[naive_v];
        const sample *blas = &s->ladder[blas_v];
        const int current = last->exp.variant;
        int x = 0;
        if (naive->seq && current != naive_v) {
            format_ratio(a, sizeof a, naive->t_median / last->t_median);
            x += screen_put(r, y, x, ROLE_VALUE, a);
            x += screen_put(r, y, x, ROLE_LABEL, " vs naive  ");
        }
        if (blas->seq && current != blas_v) {
            double ratio = last->t_median / blas->t_median;
            format_ratio(a, sizeof a, ratio >= 1.0 ? ratio : 1.0 / ratio);
            x += screen_put(r, y, x, ratio > 1.05 ? ROLE_BAD : ROLE_GOOD, a);
            x += screen_put(r, y, x, ROLE_LABEL,
                            ratio >= 1.0 ? " slower than openblas" : " faster than openblas");
        }
        if (x == 0)
            screen_put(r, y, 0, ROLE_LABEL, "s sweeps every variant for the ratios");
        y++;
    }
    if (y < in.h - 1 && last->seq) {
        if (last->verdict == CHECK_PASS)
            screen_printf(r, y, 0, ROLE_GOOD, "check ok (max rel err %.1e)", last->max_rel_err);
        else if (last->verdict == CHECK_FAIL)
            screen_printf(r, y, 0, ROLE_BAD, "CHECK FAILED (max rel err %.1e)", last->max_rel_err);
        else
            screen_put(r, y, 0, ROLE_LABEL, "check: done once per setting");
        y++;
    }
    if (in.h > 0)
        progress_line(r, in.h - 1 > y ? in.h - 1 : y, v);
}

void panel_footer(const rect *r, const view *v)
{
    (void)v;
    static const char *const items[][2] = {
        {"F1", "Help"}, {"v", "Variant"}, {"+-", "Size"}, {"b", "Block"},  {"t", "Threads"},
        {"w", "Work"},  {"Spc", "Pause"}, {"s", "Sweep"}, {"e", "Export"}, {"q", "Quit"},
    };
    move(r->y, r->x);
    attron(screen_attr(ROLE_BAR));
    hline(' ', r->w);
    attroff(screen_attr(ROLE_BAR));
    int x = 0;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        if (x + (int)strlen(items[i][0]) + (int)strlen(items[i][1]) + 1 > r->w)
            break;
        x += screen_put(r, 0, x, ROLE_TEXT, items[i][0]);
        x += screen_put(r, 0, x, ROLE_BAR, items[i][1]);
        x += screen_put(r, 0, x, ROLE_TEXT, " ");
    }
}
