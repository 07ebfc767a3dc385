/* The demo's panels: the caption of its step, and the closing comparison table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo_script.h"
#include "report/format.h"
#include "view.h"

#define CAPTION_MAX_LINES 16

void panel_caption(const rect *r, const view *v)
{
    const demo_view *d = v->demo;
    if (!d)
        return;
    if (r->boxed) {
        char title[192];
        snprintf(title, sizeof title, "demo %s  (%s)", d->title,
                 d->step + 1 < d->count ? "Space next, p back" : "p back, q quits");
        if ((int)strlen(title) + 4 > r->w)
            snprintf(title, sizeof title, "demo %s", d->title);
        screen_box(r, title);
    }
    rect in = screen_inner(r);
    static char lines[CAPTION_MAX_LINES][DEMO_LINE_MAX];
    const int max = in.h < CAPTION_MAX_LINES ? in.h : CAPTION_MAX_LINES;
    const int n = demo_wrap(d->caption, in.w, lines, max);
    for (int i = 0; i < n; i++)
        screen_put(r, i, 0, ROLE_TEXT, lines[i]);
}

void panel_summary(const rect *r, const view *v)
{
    const demo_view *d = v->demo;
    if (!d)
        return;
    char ms[64], ns[64], title[192], xb[16];
    experiment_describe_shape(&d->matmul, ms, sizeof ms);
    experiment_describe_shape(&d->network, ns, sizeof ns);
    snprintf(title, sizeof title, "summary: matmul at %s, the network at %s", ms, ns);
    screen_box(r, title);
    rect in = screen_inner(r);
    const int nv = variants_count();
    const result_row **mm = malloc((size_t)nv * sizeof(const result_row *));
    const result_row **net = malloc((size_t)nv * sizeof(const result_row *));
    if (!mm || !net) {
        free(mm);
        free(net);
        return;
    }
    results_ladder(v->model, &d->matmul, mm);
    results_ladder(v->model, &d->network, net);
    int fastest = -1;
    for (int i = 0; i < nv; i++)
        if (mm[i] && (fastest < 0 || mm[i]->s.t_median < mm[fastest]->s.t_median))
            fastest = i;
    snprintf(xb, sizeof xb, "x %.6s", variant_name(variant_baseline()));
    screen_printf(r, 0, 0, ROLE_LABEL, " %-11s %12s %8s %8s  %12s %8s", "variant", "per multiply",
                  "GFLOP/s", xb, "network pass", xb);
    for (int i = 0; i < nv && 1 + i < in.h; i++) {
        char t[32] = "-", g[32] = "-", x[32] = "-", nt[32] = "-", nx[32] = "-";
        if (mm[i]) {
            format_seconds(t, sizeof t, mm[i]->s.t_median);
            format_gflops(g, sizeof g, mm[i]->s.gflops);
            if (isfinite(mm[i]->speedup_vs_baseline))
                format_ratio(x, sizeof x, mm[i]->speedup_vs_baseline);
        }
        if (net[i]) {
            format_seconds(nt, sizeof nt, net[i]->s.t_median);
            if (isfinite(net[i]->speedup_vs_baseline))
                format_ratio(nx, sizeof nx, net[i]->speedup_vs_baseline);
        }
        screen_printf(r, 1 + i, 0,
                      i == fastest      ? ROLE_GOOD
                      : mm[i] || net[i] ? ROLE_TEXT
                                        : ROLE_LABEL,
                      "%s%-11.11s %12s %8s %8s  %12s %8s", i == fastest ? "*" : " ",
                      variant_name(i), t, g, x, nt, nx);
    }
    if (1 + nv < in.h && fastest >= 0)
        screen_printf(r, 1 + nv, 0, ROLE_LABEL, "* fastest at %s", ms);
    free(mm);
    free(net);
}
