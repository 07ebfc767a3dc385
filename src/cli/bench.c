#include "cli/bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/parse.h"
#include "store/output.h"
#include "core/measure.h"
#include "core/variant_call.h"
#include "machine/peak.h"
#include "report/report.h"
#include "store/tuning.h"

static const int default_sizes[] = {100, 500, 1000, 2000};
static const int default_batch = 64;

/* The settings bench visits, in order: per shape (or batch), every variant, every block
 * size for the variants that use one. */
static int settings_count(const cli *o)
{
    return o->workload == WORKLOAD_MATMUL ? o->nshapes : o->nbatches;
}

static experiment setting_at(const cli *o, int index)
{
    experiment e = experiment_default();
    e.workload = o->workload;
    experiment_set_threads(&e, o->threads);
    e.isa = o->isa;
    e.min_reps = o->reps;
    e.min_time = o->min_time;
    e.seed = o->seed;
    if (o->workload == WORKLOAD_MATMUL) {
        e.m = o->shapes[index][0];
        e.n = o->shapes[index][1];
        e.k = o->shapes[index][2];
    } else {
        e.batch = o->batches[index];
    }
    return e;
}

static void say_progress(const cli *o, const experiment *e)
{
    if (o->quiet || !isatty(STDERR_FILENO))
        return;
    char shape[64];
    experiment_describe_shape(e, shape, sizeof shape);
    fprintf(stderr, "\r\033[Kmeasuring %s %s %s...", workload_name(e->workload), shape,
            experiment_variant_name(e));
    fflush(stderr);
}

static int measure_setting(const cli *o, counters *set, results *r, experiment base, char *err,
                           size_t errlen)
{
    const int block_knob = variants_knob_find("block");
    base.variant = o->variants[0];
    if (experiment_validate(&base, err, errlen) != 0)
        return -1;
    const workload_ops *ops = workload_ops_for(base.workload);
    workload_state *st = ops->create(&base, err, errlen);
    if (!st)
        return -1;
    int rc = 0;
    for (int vi = 0; vi < o->nvariants && rc == 0; vi++) {
        const bool blocks = o->nblocks > 0 && variant_uses(o->variants[vi], block_knob);
        for (int bi = 0; bi < (blocks ? o->nblocks : 1) && rc == 0; bi++) {
            experiment e = base;
            e.variant = o->variants[vi];
            if (blocks)
                e.knob[block_knob] = o->blocks[bi];
            if (experiment_validate(&e, err, errlen) != 0) {
                rc = -1;
                break;
            }
            say_progress(o, &e);
            sample s;
            int status = measure_sample(ops, st, &e, set, NULL, true, &s);
            kernel_tunables tun;
            variant_tunables(&e, &tun);
            kernel_release(variant_kernel(e.variant), &tun); /* do not slow the next one */
            if (status != KERNEL_DONE || !results_add(r, &s)) {
                snprintf(err, errlen, "%s: out of memory", experiment_variant_name(&e));
                rc = -1;
            }
        }
    }
    ops->destroy(st);
    return rc;
}

int bench_measure(const cli *o, counters *set, results *r, char *err, size_t errlen)
{
    for (int si = 0; si < settings_count(o); si++)
        if (measure_setting(o, set, r, setting_at(o, si), err, errlen) != 0)
            return -1;
    if (!o->quiet && isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    return 0;
}

/* What the command line left out: every variant, the course's sizes, batch 64. */
static int fill_defaults(cli *o, char *err, size_t errlen)
{
    if (o->nvariants == 0 &&
        (o->nvariants = parse_variant_list("--variant", "all", &o->variants, err, errlen)) < 0)
        return -1;
    if (o->nshapes == 0) {
        const int n = (int)(sizeof default_sizes / sizeof default_sizes[0]);
        if (!(o->shapes = malloc((size_t)n * sizeof *o->shapes)))
            return snprintf(err, errlen, "out of memory"), -1;
        for (int i = 0; i < n; i++)
            o->shapes[i][0] = o->shapes[i][1] = o->shapes[i][2] = default_sizes[i];
        o->nshapes = n;
    }
    if (o->nbatches == 0) {
        if (!(o->batches = malloc(sizeof *o->batches)))
            return snprintf(err, errlen, "out of memory"), -1;
        o->batches[0] = default_batch;
        o->nbatches = 1;
    }
    return 0;
}

static void load_tuning(const cli *o)
{
    char warn[1024], err[512];
    variants_tuned_clear();
    if (o->no_tuning)
        return;
    if (tuning_load(NULL, warn, sizeof warn, err, sizeof err) < 0)
        fprintf(stderr, "tttop bench: %s (tuned values not used)\n", err);
    else if (warn[0])
        fprintf(stderr, "tttop bench: %s\n", warn);
}

static void say_on_stderr(const char *line)
{
    fprintf(stderr, "tttop bench: %s\n", line);
}

/* % of peak needs the measured peak: cached, else measured now (quickly) and cached. */
static void ensure_figures(const cli *o)
{
    char err[512];
    if (machine_figures_ensure(o->quiet ? NULL : say_on_stderr, err, sizeof err) != 0 && !o->quiet)
        fprintf(stderr, "tttop bench: %s: %% of peak not shown\n", err);
}

static counters *open_counters(const cli *o)
{
    const char *names[COUNTERS_MAX];
    int n = o->nevents;
    for (int i = 0; i < n; i++)
        names[i] = o->events[i];
    if (n == 0)
        n = counters_default_names(names, COUNTERS_MAX);
    return counters_open(names, n);
}

int bench_main(int argc, char **argv)
{
    cli o;
    char err[512] = "";
    int rc = cli_parse(FACE_BENCH, argc, argv, &o, err, sizeof err);
    if (rc == 0 && fill_defaults(&o, err, sizeof err) != 0)
        rc = -1;
    if (rc != 0) {
        int status = cli_exit_status(FACE_BENCH, rc, err);
        cli_free(&o);
        return status;
    }
    output out;
    if (output_open(&out, o.out, false, err, sizeof err) != 0) {
        fprintf(stderr, "tttop bench: %s\n", err);
        cli_free(&o);
        return 2;
    }
    load_tuning(&o);
    ensure_figures(&o);
    counters *set = open_counters(&o);
    results *r = results_create();
    counter_event events[COUNTERS_MAX];
    report_counters rc_info = {0};
    if (set) {
        rc_info.nevents = counters_count(set);
        for (int i = 0; i < rc_info.nevents; i++)
            events[i] = *counters_event(set, i);
        rc_info.events = events;
        rc_info.summary = counters_status_line(set);
    }
    int status = 0;
    if (!r) {
        fprintf(stderr, "tttop bench: out of memory\n");
        status = 1;
    } else {
        results_set_peak(r, machine_peak_gflops, NULL);
        if (bench_measure(&o, set, r, err, sizeof err) != 0) {
            fprintf(stderr, "tttop bench: %s\n", err);
            status = 2;
        }
    }
    report_style style = {.wide = o.wide};
    if (status == 0) {
        report_write((report_format)o.format, r, &rc_info, &style, out.fp);
        if (output_commit(&out, err, sizeof err) != 0) {
            fprintf(stderr, "tttop bench: %s\n", err);
            status = 1;
        }
    }
    output_abort(&out);
    results_free(r);
    counters_close(set);
    cli_free(&o);
    return status;
}
