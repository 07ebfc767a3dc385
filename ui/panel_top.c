/* The header, the status line, the experiment, the live readings and the key bar. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "report/format.h"
#include "view.h"

void panel_header(const rect *r, const view *v)
{
    const hostinfo *h = v->host;
    char l1[32], l2[32], l3[32], peak[32];
    format_size_short(l1, sizeof l1, h->l1d_bytes);
    format_size_short(l2, sizeof l2, h->l2_bytes);
    format_size_short(l3, sizeof l3, h->l3_bytes);
    const char *sep = v->caps.utf8 ? " \u00b7 " : " | ";
    int x = screen_put(r, 0, 0, ROLE_TITLE, "tttop ");
    x += screen_put(r, 0, x, ROLE_VALUE, workload_name(v->snap->wanted.workload));
    x += screen_printf(r, 0, x, ROLE_TEXT, "%s%s%s%d cpus%s%s/%s/%s", sep, h->cpu_short, sep,
                       h->cores, sep, l1, l2, l3);
    /* the measured peak of one core (machine/figures.h), never a nominal one */
    if (v->figures_state == FIGURES_READY) {
        format_gflops(peak, sizeof peak, v->figures.peak_per_core);
        screen_printf(r, 0, x, ROLE_TEXT, "%speak %s GFLOP/s/core", sep, peak);
    } else {
        screen_printf(r, 0, x, ROLE_LABEL, "%speak: %s", sep,
                      v->figures_state == FIGURES_MEASURING ? "measuring" : "not measured");
    }
}

/* A message when there is one, else what the selected variant teaches. */
void panel_status(const rect *r, const view *v)
{
    if (v->message && v->message[0]) {
        screen_put(r, 0, 0, ROLE_KEY, v->message);
        return;
    }
    const int variant = v->snap->wanted.variant;
    int x = screen_put(r, 0, 0, ROLE_VALUE, variant_name(variant));
    x += screen_put(r, 0, x, ROLE_LABEL, ": ");
    screen_put(r, 0, x, ROLE_TEXT, variant_lesson(variant));
}

/* "b B" for a knob's keys, from the key table. */
static void knob_keys(int knob, char *buf, size_t len)
{
    int n;
    const key_binding *t = keys_table(&n);
    const char *up = NULL, *down = NULL;
    for (int i = 0; i < n; i++) {
        if (t[i].arg != knob)
            continue;
        if (t[i].action == ACT_KNOB_UP && !up)
            up = t[i].name;
        if (t[i].action == ACT_KNOB_DOWN && !down)
            down = t[i].name;
    }
    snprintf(buf, len, "%s%s%s", up ? up : "", down ? " " : "", down ? down : "");
}

/* The knobs that have keys, in knob order. */
static int keyed_knobs(int *knobs)
{
    int n = 0, count;
    const key_binding *t = keys_table(&count);
    for (int k = 0; k < variants_knob_count(); k++) {
        bool keyed = false;
        for (int i = 0; i < count; i++)
            keyed = keyed || (t[i].action == ACT_KNOB_UP && t[i].arg == k);
        if (keyed)
            knobs[n++] = k;
    }
    return n;
}

int panel_experiment_lines(void)
{
    int knobs[VARIANT_MAX_KNOBS];
    return 3 + keyed_knobs(knobs);
}

/* "64", "64 (tuned)", "96 (model)", "64 (unused)": a knob as the variant runs it. */
static bool knob_value(const view *v, int knob, char *buf, size_t len)
{
    const experiment *e = &v->snap->wanted;
    static const char *const sources[] = {
        [KNOB_UNUSED] = " (unused)", [KNOB_DEFAULT] = "", [KNOB_MODEL] = " (model)",
        [KNOB_TUNED] = " (tuned)",   [KNOB_GIVEN] = "",
    };
    experiment_knobs kn;
    experiment_resolve(e, &kn);
    const bool used = kn.source[knob] != KNOB_UNUSED;
    int value = used ? kn.value[knob] : e->knob[knob];
    if (value <= 0)
        value = variants_knob(knob)->def;
    snprintf(buf, len, "%d%s", value, sources[kn.source[knob]]);
    return used;
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
    const bool net = e->workload != WORKLOAD_MATMUL;
    char shape[64], value[64], keys[16];
    experiment_describe_shape(e, shape, sizeof shape);
    int knobs[VARIANT_MAX_KNOBS];
    const int nknobs = keyed_knobs(knobs);
    rect in = screen_inner(r);
    if (r->boxed)
        screen_box(r, "experiment");
    if (in.h >= 3 + nknobs) {
        setting_line(r, 0, "w", "workload", workload_name(e->workload), true);
        setting_line(r, 1, "v V", "variant", variant_name(e->variant), true);
        setting_line(r, 2, "+ -", net ? "batch" : "size", shape, true);
        for (int i = 0; i < nknobs; i++) {
            const bool used = knob_value(v, knobs[i], value, sizeof value);
            knob_keys(knobs[i], keys, sizeof keys);
            setting_line(r, 3 + i, keys, variants_knob(knobs[i])->label, value, used);
        }
        return;
    }
    /* compact: everything on one or two lines */
    screen_printf(r, 0, 0, ROLE_VALUE, "%s %s %s", workload_name(e->workload),
                  variant_name(e->variant), shape);
    if (in.h < 2)
        return;
    int x = 0;
    for (int i = 0; i < nknobs; i++) {
        knob_value(v, knobs[i], value, sizeof value);
        x += screen_printf(r, 1, x, ROLE_LABEL, "%s %s  ", variants_knob(knobs[i])->label, value);
    }
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
        screen_put(r, y, 0, ROLE_KEY, v->demo ? "paused (P resumes)" : "paused (space resumes)");
        return;
    }
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
    } else if (s->planning) {
        screen_printf(r, y, 0, ROLE_LABEL, "sweeping %d/%d: %s %s...", s->plan_done + 1,
                      s->plan_total, variant_name(s->running.variant), shape);
    } else {
        screen_printf(r, y, 0, ROLE_LABEL, "measuring %s %s...", variant_name(s->running.variant),
                      shape);
    }
}

static int comparison_line(const rect *r, int y, const result_row *row)
{
    char a[32];
    int x = 0;
    const int current = row->s.exp.variant;
    if (isfinite(row->speedup_vs_baseline) && current != variant_baseline()) {
        format_ratio(a, sizeof a, row->speedup_vs_baseline);
        x += screen_put(r, y, x, ROLE_VALUE, a);
        x += screen_printf(r, y, x, ROLE_LABEL, " vs %s  ", variant_name(variant_baseline()));
    }
    if (isfinite(row->slowdown_vs_reference) && current != variant_reference()) {
        const double ratio = row->slowdown_vs_reference;
        format_ratio(a, sizeof a, ratio >= 1.0 ? ratio : 1.0 / ratio);
        x += screen_put(r, y, x, ratio > 1.05 ? ROLE_BAD : ROLE_GOOD, a);
        x += screen_printf(r, y, x, ROLE_LABEL, " %s than %s", ratio >= 1.0 ? "slower" : "faster",
                           variant_name(variant_reference()));
    }
    return x;
}

static void check_line(const rect *r, int y, const sample *s)
{
    if (s->reference)
        screen_put(r, y, 0, ROLE_LABEL, "reference: others are checked against it");
    else if (s->verdict == CHECK_PASS)
        screen_printf(r, y, 0, ROLE_GOOD, "check ok <%.0e (max rel err %.1e)", s->tolerance,
                      s->max_rel_err);
    else if (s->verdict == CHECK_FAIL)
        screen_printf(r, y, 0, ROLE_BAD, "CHECK FAILED: max rel err %.1e >= %.0e", s->max_rel_err,
                      s->tolerance);
    else
        screen_put(r, y, 0, ROLE_LABEL, "check: done once per setting");
}

void panel_readings(const rect *r, const view *v)
{
    const result_row *row = v->current;
    if (r->boxed)
        screen_box(r, "readings");
    rect in = screen_inner(r);
    int y = 0;
    char a[32], b[32], c[32];
    if (!row) {
        screen_put(r, y++, 0, ROLE_LABEL, "no sample yet at this setting");
    } else {
        format_seconds(a, sizeof a, row->s.t_last);
        format_seconds(b, sizeof b, row->best_s);
        format_seconds(c, sizeof c, row->median_s);
        int x = screen_put(r, y, 0, ROLE_LABEL, "last ");
        x += screen_put(r, y, x, ROLE_VALUE, a);
        x += screen_put(r, y, x, ROLE_LABEL, "  min ");
        x += screen_put(r, y, x, ROLE_VALUE, b);
        x += screen_put(r, y, x, ROLE_LABEL, "  med ");
        screen_put(r, y++, x, ROLE_VALUE, c);

        format_gflops(a, sizeof a, row->s.gflops);
        x = screen_put(r, y, 0, ROLE_VALUE, a);
        x += screen_put(r, y, x, ROLE_LABEL, " GFLOP/s");
        if (isfinite(row->percent_of_peak))
            screen_printf(r, y, x, ROLE_LABEL, "  %.0f%% of peak", row->percent_of_peak);
        y++;
    }
    if (y < in.h - 1 && row) {
        if (comparison_line(r, y, row) == 0)
            screen_put(r, y, 0, ROLE_LABEL, "s sweeps every variant for the ratios");
        y++;
    }
    if (y < in.h - 1 && row)
        check_line(r, y++, &row->s);
    if (in.h > 0)
        progress_line(r, in.h - 1 > y ? in.h - 1 : y, v);
}

void panel_footer(const rect *r, const view *v)
{
    int n;
    const key_binding *t = keys_table_mode(v->demo != NULL, &n);
    move(r->y, r->x);
    attron(screen_attr(ROLE_BAR));
    hline(' ', r->w);
    attroff(screen_attr(ROLE_BAR));
    int x = 0;
    /* help first, as in htop; then the table's order */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            if (!t[i].bar || (t[i].action == ACT_HELP) != (pass == 0))
                continue;
            /* the size keys show as "+-", the space bar as "Spc" */
            const char *key = t[i].action == ACT_SIZE_UP ? "+-"
                              : t[i].key == ' '          ? "Spc"
                                                         : t[i].name;
            if (x + (int)strlen(key) + (int)strlen(t[i].bar) + 1 > r->w)
                return;
            x += screen_put(r, 0, x, ROLE_TEXT, key);
            x += screen_put(r, 0, x, ROLE_BAR, t[i].bar);
            x += screen_put(r, 0, x, ROLE_TEXT, " ");
        }
    }
}
