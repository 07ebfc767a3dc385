#include "report/charts.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/tools.h"
#include "store/atomic_file.h"

#define MAX_SERIES 256
#define GNUPLOT_TIMEOUT_S 60.0

static const char *const chart_names[REPORT_CHART_COUNT] = {"ladder", "sizes", "roofline"};

/* A label gnuplot and its data files take as it is: letters, digits, . _ - only. */
static void plain_label(const char *in, char *out, size_t len)
{
    size_t i = 0;
    for (; in[i] && i + 1 < len; i++) {
        const char c = in[i];
        out[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                         c == '.' || c == '_' || c == '-'
                     ? c
                     : '_';
    }
    out[i] = '\0';
}

/* The size a row is plotted at: n for a square multiply, the cube root of mnk otherwise. */
static double size_of(const experiment *e)
{
    return e->m == e->n && e->n == e->k ? e->n : cbrt((double)e->m * e->n * e->k);
}

typedef struct series {
    int run;
    char variant[REPORT_NAME_MAX];
} series;

/* Every (run, variant) pair with matmul rows, in order of first appearance. */
static int matmul_series(const report_doc *doc, series *out, int cap)
{
    int n = 0;
    for (int r = 0; r < doc->nruns; r++) {
        const report_run *run = &doc->runs[r];
        for (int i = 0; i < results_count(run->model); i++) {
            if (results_row(run->model, i)->s.exp.workload != WORKLOAD_MATMUL)
                continue;
            bool seen = false;
            for (int j = 0; j < n && !seen; j++)
                seen = out[j].run == r && strcmp(out[j].variant, report_run_variant(run, i)) == 0;
            if (!seen && n < cap) {
                out[n].run = r;
                snprintf(out[n].variant, sizeof out[n].variant, "%s", report_run_variant(run, i));
                n++;
            }
        }
    }
    return n;
}

static void series_title(const report_doc *doc, const series *s, char *out, size_t len)
{
    char run[64], var[REPORT_NAME_MAX];
    plain_label(s->variant, var, sizeof var);
    plain_label(doc->runs[s->run].label, run, sizeof run);
    if (doc->nruns > 1)
        snprintf(out, len, "%s_(%s)", var, run);
    else
        snprintf(out, len, "%s", var);
}

/* Writes the ladder's data: one line per variant, one column per run, at each run's largest
 * matmul setting (the first run's, where the others have it). False when no run has one. */
static bool ladder_data(const report_doc *doc, FILE *f, char *title, size_t len)
{
    experiment at[64];
    bool any = false, same = true;
    experiment first;
    const bool have_first = report_ladder_setting(&doc->runs[0], &first);
    for (int r = 0; r < doc->nruns && r < 64; r++) {
        const report_run *run = &doc->runs[r];
        bool found = false;
        if (have_first)
            for (int i = 0; i < results_count(run->model) && !found; i++)
                found = report_same_setting(&results_row(run->model, i)->s.exp, &first);
        if (found)
            at[r] = first;
        else if (!report_ladder_setting(run, &at[r]))
            at[r].workload = WORKLOAD_NET; /* no matmul rows: nothing to plot */
        same = same && found;
        any = any || at[r].workload == WORKLOAD_MATMUL;
    }
    if (!any)
        return false;
    char shape[64];
    experiment_describe_shape(have_first ? &first : &at[0], shape, sizeof shape);
    if (same || doc->nruns == 1)
        snprintf(title, len, "The ladder at %s: GFLOP/s, higher is better", shape);
    else
        snprintf(title, len, "The ladder at each run's largest size: GFLOP/s");
    fputs("variant", f);
    for (int r = 0; r < doc->nruns && r < 64; r++) {
        char label[64];
        plain_label(doc->runs[r].label, label, sizeof label);
        fprintf(f, " \"%s\"", label);
    }
    fputc('\n', f);
    series s[MAX_SERIES];
    const int ns = matmul_series(doc, s, MAX_SERIES);
    for (int i = 0; i < ns; i++) {
        bool done = false; /* each variant once */
        for (int j = 0; j < i && !done; j++)
            done = strcmp(s[j].variant, s[i].variant) == 0;
        if (done)
            continue;
        char var[REPORT_NAME_MAX];
        plain_label(s[i].variant, var, sizeof var);
        fprintf(f, "\"%s\"", var);
        for (int r = 0; r < doc->nruns && r < 64; r++) {
            const result_row *row = at[r].workload == WORKLOAD_MATMUL
                                        ? report_run_find(&doc->runs[r], &at[r], s[i].variant, NULL)
                                        : NULL;
            if (row && isfinite(row->s.gflops))
                fprintf(f, " %.6g", row->s.gflops);
            else
                fputs(" NaN", f);
        }
        fputc('\n', f);
    }
    return true;
}

/* The position of a variant among every run's variants: its colour in every chart. */
static int variant_colour(const series *s, int ns, const char *variant)
{
    int k = 0;
    for (int i = 0; i < ns; i++) {
        bool earlier = false;
        for (int j = 0; j < i && !earlier; j++)
            earlier = strcmp(s[j].variant, s[i].variant) == 0;
        if (earlier)
            continue;
        k++;
        if (strcmp(s[i].variant, variant) == 0)
            return k;
    }
    return k + 1;
}

/* Blocks (two blank lines apart) of "x gflops" per series, x the size or the arithmetic
 * intensity, and into plot the clauses that draw them: a colour per variant, a dash per
 * run. Returns the number of blocks. */
static int series_data(const report_doc *doc, FILE *f, bool intensity, const char *data_path,
                       char *plot, size_t len, double *xmin, double *xmax)
{
    series s[MAX_SERIES];
    const int ns = matmul_series(doc, s, MAX_SERIES);
    int blocks = 0;
    size_t used = 0;
    plot[0] = '\0';
    *xmin = INFINITY;
    *xmax = -INFINITY;
    for (int i = 0; i < ns; i++) {
        const report_run *run = &doc->runs[s[i].run];
        /* the rows of this series, by size */
        int idx[256], n = 0;
        for (int j = 0; j < results_count(run->model) && n < 256; j++) {
            const sample *smp = &results_row(run->model, j)->s;
            if (smp->exp.workload == WORKLOAD_MATMUL &&
                strcmp(report_run_variant(run, j), s[i].variant) == 0 && isfinite(smp->gflops) &&
                smp->gflops > 0)
                idx[n++] = j;
        }
        for (int a = 1; a < n; a++)
            for (int b = a; b > 0 && size_of(&results_row(run->model, idx[b - 1])->s.exp) >
                                         size_of(&results_row(run->model, idx[b])->s.exp);
                 b--) {
                int t = idx[b];
                idx[b] = idx[b - 1];
                idx[b - 1] = t;
            }
        int points = 0;
        for (int j = 0; j < n; j++) {
            const sample *smp = &results_row(run->model, idx[j])->s;
            const double x =
                intensity ? smp->flops / experiment_min_bytes(&smp->exp) : size_of(&smp->exp);
            if (!(isfinite(x) && x > 0))
                continue;
            *xmin = fmin(*xmin, x);
            *xmax = fmax(*xmax, x);
            fprintf(f, "%.6g %.6g\n", x, smp->gflops);
            points++;
        }
        if (points == 0)
            continue;
        fputs("\n\n", f);
        char title[128];
        series_title(doc, &s[i], title, sizeof title);
        int w = snprintf(plot + used, len - used,
                         "%s'%s' index %d using 1:2 with linespoints lw 2 pt 7 lc %d dt %d "
                         "title '%s'",
                         used ? ", " : "", data_path, blocks, variant_colour(s, ns, s[i].variant),
                         s[i].run % 5 + 1, title);
        if (w < 0 || used + (size_t)w >= len) {
            plot[used] = '\0';
            break; /* more series than a chart can show: the first ones */
        }
        used += (size_t)w;
        blocks++;
    }
    return blocks;
}

/* gnuplot's single-quoted string: '' stands for a quote, nothing else is special. */
static void gp_string(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
    }
    fputc('\'', f);
}

static void script_head(FILE *gp, const char *dir, const char *name, const char *title)
{
    fputs("reset\nset terminal pngcairo size 960,560 font 'sans,10' noenhanced\n", gp);
    fprintf(gp, "set output '%s/%s.png'\nset title ", dir, name);
    gp_string(gp, title);
    fputs("\nset grid\nset key outside right top\n", gp);
}

static void ladder_script(FILE *gp, const char *dir, const char *title, int nruns)
{
    script_head(gp, dir, "ladder", title);
    fputs("set style fill solid 0.85 border -1\nset ylabel 'GFLOP/s'\nset yrange [0:*]\n"
          "set xtics rotate by -30\nset grid noxtics\n",
          gp);
    if (nruns == 1) { /* one bar per variant with its value on top */
        fprintf(gp,
                "set boxwidth 0.6\nset offsets 0.5, 0.5, 0, 0\nunset key\n"
                "plot '%s/ladder.dat' using 0:2:xtic(1) with boxes lc rgb '#3465a4', "
                "'' using 0:2:(sprintf('%%.3g', $2)) with labels offset 0,0.8\n",
                dir);
        return;
    }
    fprintf(gp,
            "set style data histograms\nset style histogram clustered gap 1\n"
            "plot for [c=2:%d] '%s/ladder.dat' using c:xtic(1) title columnheader(c)\n",
            nruns + 1, dir);
}

static void sizes_script(FILE *gp, const char *dir, const char *plot)
{
    script_head(gp, dir, "sizes", "GFLOP/s against matrix size");
    fprintf(gp, "set logscale xy\nset xlabel 'n (matrix size)'\nset ylabel 'GFLOP/s'\nplot %s\n",
            plot);
}

static void roofline_script(FILE *gp, const char *dir, const report_doc *doc, const char *plot,
                            double xmin, double xmax)
{
    const report_machine *m = &doc->runs[0].machine;
    script_head(gp, dir, "roofline",
                m->measured ? "Roofline: the measured peak and bandwidth, and the runs"
                            : "Roofline: the runs under the nominal peak (peak and bandwidth "
                              "not measured: run tttop machine)");
    double lo = xmin / 2, hi = xmax * 2;
    if (m->measured && isfinite(m->bw_one_thread) && m->bw_one_thread > 0)
        lo = fmin(lo, m->peak_per_core / m->bw_one_thread / 4);
    fprintf(gp,
            "set logscale xy\nset xlabel 'arithmetic intensity (FLOP per byte of A, B, C)'\n"
            "set ylabel 'GFLOP/s'\nset xrange [%.6g:%.6g]\nset samples 400\n",
            lo, hi);
    fprintf(gp, "plot %s", plot);
    if (m->measured && isfinite(m->bw_one_thread))
        fprintf(gp,
                ", (x * %.6g < %.6g ? x * %.6g : %.6g) with lines lw 3 lc rgb 'black' "
                "title 'roof, one core (measured)'",
                m->bw_one_thread, m->peak_per_core, m->bw_one_thread, m->peak_per_core);
    else if (m->measured)
        fprintf(gp, ", %.6g with lines lw 3 lc rgb 'black' title 'peak, one core (measured)'",
                m->peak_per_core);
    else if (isfinite(m->nominal_peak_per_core))
        fprintf(gp,
                ", %.6g with lines lw 2 dt 2 lc rgb 'black' "
                "title 'nominal peak, one core (not measured)'",
                m->nominal_peak_per_core);
    fputc('\n', gp);
}

static bool is_png(const char *path)
{
    static const unsigned char magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    unsigned char head[8];
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    const bool ok = fread(head, 1, 8, f) == 8 && memcmp(head, magic, 8) == 0;
    fclose(f);
    return ok;
}

/* Copy a drawn PNG into place. */
static int place(const char *from, const char *to, bool force, char *err, size_t errlen)
{
    FILE *in = fopen(from, "rb");
    if (!in) {
        snprintf(err, errlen, "%s: %s", from, strerror(errno));
        return -1;
    }
    atomic_file f;
    int rc =
        force ? atomic_file_open(&f, to, err, errlen) : atomic_file_open_new(&f, to, err, errlen);
    if (rc == 0) {
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0)
            if (fwrite(buf, 1, n, f.fp) != n)
                break;
        if (ferror(in)) {
            snprintf(err, errlen, "%s: read error", from);
            atomic_file_abort(&f);
            rc = -1;
        } else {
            rc = atomic_file_commit(&f, err, errlen);
        }
    }
    fclose(in);
    return rc;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void remove_dir(const char *dir)
{
    static const char *const files[] = {"ladder.dat", "sizes.dat",   "roofline.dat",
                                        "charts.gp",  "gnuplot.log", "ladder.png",
                                        "sizes.png",  "roofline.png"};
    char path[PATH_MAX];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return fopen(path, "w");
}

/* The first line gnuplot complained with, for the report. */
static void first_log_line(const char *dir, char *out, size_t len)
{
    char path[PATH_MAX], line[256];
    snprintf(path, sizeof path, "%s/gnuplot.log", dir);
    FILE *f = fopen(path, "r");
    out[0] = '\0';
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[strspn(line, " ^")]) {
            snprintf(out, len, "%s", line + strspn(line, " "));
            break;
        }
    }
    if (f)
        fclose(f);
}

int charts_draw(report_doc *doc, const char *const paths[REPORT_CHART_COUNT], bool force, char *err,
                size_t errlen)
{
    report_charts *ch = &doc->charts;
    memset(ch, 0, sizeof *ch);
    char gnuplot[PATH_MAX];
    if (!tools_find("gnuplot", gnuplot, sizeof gnuplot)) {
        ch->no_gnuplot = true;
        return 0;
    }
    const char *tmp = getenv("TMPDIR");
    char dir[1024];
    if (!tmp || tmp[0] != '/' || strlen(tmp) > 900)
        tmp = "/tmp";
    snprintf(dir, sizeof dir, "%s/tttop-charts-XXXXXX", tmp);
    if (!mkdtemp(dir)) {
        snprintf(ch->why_not, sizeof ch->why_not, "no temporary directory for gnuplot: %s",
                 strerror(errno));
        return 0;
    }
    char title[160], plot_sizes[16384], plot_roof[16384], data_sizes[1100], data_roof[1100];
    snprintf(data_sizes, sizeof data_sizes, "%s/sizes.dat", dir);
    snprintf(data_roof, sizeof data_roof, "%s/roofline.dat", dir);
    double xmin, xmax, amin, amax;
    FILE *fl = open_in(dir, "ladder.dat"), *fs = open_in(dir, "sizes.dat"),
         *fr = open_in(dir, "roofline.dat"), *gp = open_in(dir, "charts.gp");
    bool have[REPORT_CHART_COUNT] = {false};
    int nsizes = 0, nroof = 0;
    if (fl && fs && fr && gp) {
        have[REPORT_CHART_LADDER] = ladder_data(doc, fl, title, sizeof title);
        nsizes =
            series_data(doc, fs, false, data_sizes, plot_sizes, sizeof plot_sizes, &xmin, &xmax);
        nroof = series_data(doc, fr, true, data_roof, plot_roof, sizeof plot_roof, &amin, &amax);
        have[REPORT_CHART_SIZES] = nsizes > 0;
        have[REPORT_CHART_ROOFLINE] = nroof > 0;
        if (have[REPORT_CHART_LADDER])
            ladder_script(gp, dir, title, doc->nruns);
        if (have[REPORT_CHART_SIZES])
            sizes_script(gp, dir, plot_sizes);
        if (have[REPORT_CHART_ROOFLINE])
            roofline_script(gp, dir, doc, plot_roof, amin, amax);
    }
    bool written = fl && fs && fr && gp;
    FILE *opened[] = {fl, fs, fr, gp};
    for (int i = 0; i < 4; i++)
        if (opened[i])
            written = fclose(opened[i]) == 0 && written;
    int rc = 0;
    if (!written) {
        snprintf(ch->why_not, sizeof ch->why_not, "could not write gnuplot's input in %.200s", dir);
    } else if (!have[REPORT_CHART_LADDER] && !have[REPORT_CHART_SIZES] &&
               !have[REPORT_CHART_ROOFLINE]) {
        snprintf(ch->why_not, sizeof ch->why_not, "no matmul results to chart");
    } else {
        char script[PATH_MAX], log[PATH_MAX], why[200];
        snprintf(script, sizeof script, "%s/charts.gp", dir);
        snprintf(log, sizeof log, "%s/gnuplot.log", dir);
        char *argv[] = {gnuplot, script, NULL};
        const int status = tools_run(argv, log, GNUPLOT_TIMEOUT_S, why, sizeof why);
        if (status != 0) {
            char line[200];
            first_log_line(dir, line, sizeof line);
            snprintf(ch->why_not, sizeof ch->why_not, "gnuplot failed: %s",
                     status < 0 ? why
                     : line[0]  ? line
                                : "no message");
        } else {
            for (int c = 0; c < REPORT_CHART_COUNT && rc == 0; c++) {
                char png[PATH_MAX];
                snprintf(png, sizeof png, "%s/%s.png", dir, chart_names[c]);
                if (!have[c] || !is_png(png))
                    continue;
                rc = place(png, paths[c], force, err, errlen);
                if (rc == 0)
                    snprintf(ch->file[c], sizeof ch->file[c], "%s", base_name(paths[c]));
            }
            if (rc == 0 && !ch->file[0][0] && !ch->file[1][0] && !ch->file[2][0])
                snprintf(ch->why_not, sizeof ch->why_not, "gnuplot drew no PNG file");
        }
    }
    remove_dir(dir);
    return rc;
}
