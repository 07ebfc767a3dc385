/* `tttop tune`: for every variant with tunables `tune` sweeps, measure each candidate
 * (the cross product of their steps) at one size, print what each reached beside the
 * variant's own choice, and save the best for this machine. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/parse.h"
#include "core/measure.h"
#include "core/results.h"
#include "core/sweep.h"
#include "core/variant_call.h"
#include "report/format.h"
#include "store/output.h"
#include "store/paths.h"
#include "store/tuning.h"

static void candidate_label(const experiment *e, const int *knobs, int nknobs, char *buf,
                            size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < nknobs && used < len; i++) {
        const variant_tunable *t = variants_knob(knobs[i]);
        int n =
            snprintf(buf + used, len - used, "%s%s %d", i ? ", " : "", t->label, e->knob[knobs[i]]);
        used += n > 0 ? (size_t)n : 0;
    }
}

/* GFLOP/s of one run, or -1 when it failed its check or could not run. */
static double measure(workload_state *st, const experiment *e, results *r)
{
    sample s;
    if (measure_sample(&workload_matmul_ops, st, e, NULL, NULL, true, &s) != KERNEL_DONE)
        return -1.0;
    kernel_tunables tun;
    variant_tunables(e, &tun);
    kernel_release(variant_kernel(e->variant), &tun);
    results_add(r, &s);
    return s.verdict == CHECK_PASS ? s.gflops : -1.0;
}

static void print_line(const char *label, double gflops, double best, const char *note)
{
    char g[32];
    format_gflops(g, sizeof g, gflops);
    int bar = best > 0 && gflops > 0 ? (int)(24.0 * gflops / best + 0.5) : 0;
    printf("  %-30s %7s GFLOP/s  %-24.*s%s\n", label, gflops < 0 ? "FAIL" : g, bar,
           "########################", note);
}

/* Which of the winner's values sit at an end of their steps. */
static void edge_note(const experiment *best, const int *knobs, int nknobs, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < nknobs; i++) {
        const variant_tunable *t = variants_knob(knobs[i]);
        const int v = best->knob[knobs[i]];
        if (t->nsteps > 1 && (v == t->steps[0] || v == t->steps[t->nsteps - 1])) {
            int n = snprintf(buf + used, len - used, "%s%s %d", used ? ", " : "", t->label, v);
            used += n > 0 ? (size_t)n : 0;
        }
    }
}

/* Sweeps v; fills its best values into saved. Returns 0, or -1 when nothing passed. */
static int tune_variant(workload_state *st, experiment e, int v, tuning_value *saved, int *nsaved,
                        results *r)
{
    int knobs[VARIANT_MAX_KNOBS];
    const int nknobs = sweep_tuned_knobs(v, knobs);
    e.variant = v;
    experiment own = e;
    const double model = measure(st, &own, r);
    const sample *own_s = &results_find(r, &own)->s;
    char label[160], own_label[96];
    experiment own_values = own;
    for (int i = 0; i < nknobs; i++)
        own_values.knob[knobs[i]] = own_s->knobs.value[knobs[i]];
    candidate_label(&own_values, knobs, nknobs, own_label, sizeof own_label);
    const long count = sweep_candidate_count(knobs, nknobs);
    double *gflops = calloc((size_t)count, sizeof *gflops);
    if (!gflops)
        return -1;
    double best = -1.0;
    experiment best_e = e;
    for (long c = 0; c < count; c++) {
        sweep_candidate(&e, knobs, nknobs, c);
        gflops[c] = measure(st, &e, r);
        if (gflops[c] > best) {
            best = gflops[c];
            best_e = e;
        }
    }
    printf("%s (%ld candidates):\n", variant_name(v), count);
    for (long c = 0; c < count; c++) {
        sweep_candidate(&e, knobs, nknobs, c);
        candidate_label(&e, knobs, nknobs, label, sizeof label);
        print_line(label, gflops[c], best, gflops[c] == best ? "  <- best" : "");
    }
    snprintf(label, sizeof label, "own choice: %s", own_label);
    print_line(label, model, best, "");
    free(gflops);
    if (best <= 0) {
        printf("  every candidate failed its check: %s not tuned\n\n", variant_name(v));
        return -1;
    }
    candidate_label(&best_e, knobs, nknobs, label, sizeof label);
    if (model > 0)
        printf("  best: %s, %.2fx the variant's own choice (%s)\n", label, best / model, own_label);
    else
        printf("  best: %s\n", label);
    char edges[96];
    edge_note(&best_e, knobs, nknobs, edges, sizeof edges);
    if (edges[0])
        printf("  note: %s is at the end of the range tried; the best may lie beyond it\n", edges);
    putchar('\n');
    for (int i = 0; i < nknobs; i++)
        saved[(*nsaved)++] =
            (tuning_value){.variant = v, .knob = knobs[i], .value = best_e.knob[knobs[i]]};
    return 0;
}

/* The variants to tune: those asked for (each must have tunables to sweep), else all. */
static int pick_variants(const cli *o, int *out, char *err, size_t errlen)
{
    int knobs[VARIANT_MAX_KNOBS], n = 0;
    if (o->nvariants == 0) {
        for (int v = 0; v < variants_count(); v++)
            if (sweep_tuned_knobs(v, knobs) > 0)
                out[n++] = v;
        return n;
    }
    for (int i = 0; i < o->nvariants; i++) {
        if (sweep_tuned_knobs(o->variants[i], knobs) == 0) {
            snprintf(err, errlen, "--variant: %s has nothing to tune",
                     variant_name(o->variants[i]));
            return -1;
        }
        out[n++] = o->variants[i];
    }
    return n;
}

static int run(const cli *o, const int *variants, int nvariants)
{
    char err[512];
    experiment e = experiment_default();
    e.m = e.n = e.k = o->shapes[0][0];
    e.min_time = o->min_time;
    experiment_set_threads(&e, o->threads);
    if (experiment_validate(&e, err, sizeof err) != 0) {
        fprintf(stderr, "tttop tune: %s\n", err);
        return 2;
    }
    workload_state *st = workload_matmul_ops.create(&e, err, sizeof err);
    results *r = results_create();
    tuning_value *saved =
        calloc((size_t)(nvariants ? nvariants : 1) * VARIANT_MAX_KNOBS, sizeof *saved);
    if (!st || !r || !saved) {
        fprintf(stderr, "tttop tune: %s\n", st ? "out of memory" : err);
        if (st)
            workload_matmul_ops.destroy(st);
        results_free(r);
        free(saved);
        return 1;
    }
    variants_tuned_clear(); /* the variants' own choices, not last time's winners */
    printf("tuning at n=%d, %d thread%s, each candidate measured for at least %g s\n\n",
           o->shapes[0][0], o->threads, o->threads > 1 ? "s" : "", o->min_time);
    output_flush_stdout();
    int nsaved = 0, failed = 0;
    for (int i = 0; i < nvariants; i++) {
        failed |= tune_variant(st, e, variants[i], saved, &nsaved, r) != 0;
        output_flush_stdout();
    }
    workload_matmul_ops.destroy(st);
    results_free(r);
    int status = failed ? 1 : 0;
    if (nsaved == 0)
        printf("not tuned: nothing passed its check\n");
    if (nsaved > 0 && !o->no_save) {
        char path[4096];
        if (tuning_save(NULL, saved, nsaved, err, sizeof err) != 0) {
            fprintf(stderr, "tttop tune: %s\n", err);
            status = 1;
        } else if (paths_config_file("tuning.ini", path, sizeof path) == 0) {
            printf("saved to %s\n", path);
        }
    }
    free(saved);
    return status;
}

int tune_main(int argc, char **argv)
{
    cli o;
    char err[512] = "";
    int rc = cli_parse(FACE_TUNE, argc, argv, &o, err, sizeof err);
    int *variants = NULL, n = 0;
    if (rc == 0 && !(variants = malloc((size_t)variants_count() * sizeof *variants))) {
        snprintf(err, sizeof err, "out of memory");
        rc = 2;
    }
    if (rc == 0 && (n = pick_variants(&o, variants, err, sizeof err)) < 0)
        rc = -1;
    if (rc != 0) {
        free(variants);
        int status = cli_exit_status(FACE_TUNE, rc, err);
        cli_free(&o);
        return status;
    }
    atomic_file_remove_on_signals();
    int status = run(&o, variants, n);
    if (output_close_stdout(err, sizeof err) != 0) {
        fprintf(stderr, "tttop tune: %s\n", err);
        status = 1;
    }
    free(variants);
    cli_free(&o);
    return status;
}
