#include "cli/bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/parse.h"
#include "store/output.h"
#include "core/measure.h"
#include "core/simulate.h"
#include "core/variant_call.h"
#include "counters/counter_source.h"
#include "machine/peak.h"
#include "net/mnist.h"
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

/* Simulated counters of the runs measured at this setting: one child for all of them,
 * after the timing (never beside it: bench measures on the one thread it has). */
static void simulate_setting(const cli *o, results *r, const experiment *setting)
{
    const result_row **rows = malloc((size_t)results_count(r) * sizeof(const result_row *));
    experiment *runs = malloc((size_t)results_count(r) * sizeof *runs);
    sim_counts *out = malloc((size_t)results_count(r) * sizeof *out);
    const int n = rows && runs && out ? results_at_setting(r, setting, rows, results_count(r)) : 0;
    for (int i = 0; i < n; i++)
        runs[i] = rows[i]->s.exp;
    if (n > 0) {
        if (!o->quiet && isatty(STDERR_FILENO)) {
            char shape[64];
            experiment_describe_shape(setting, shape, sizeof shape);
            fprintf(stderr, "\r\033[Ksimulating the caches at %s under callgrind (%d run%s)...",
                    shape, n, n == 1 ? "" : "s");
            fflush(stderr);
        }
        char err[256];
        if (simulate_runs(runs, n, out, err, sizeof err) != 0)
            fprintf(stderr, "%stttop bench: %s\n", isatty(STDERR_FILENO) ? "\r\033[K" : "", err);
        for (int i = 0; i < n; i++)
            if (out[i].valid)
                results_set_simulated(r, &runs[i], &out[i]);
    }
    free(rows);
    free(runs);
    free(out);
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
        return -2;
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
                rc = -2;
            }
        }
    }
    ops->destroy(st);
    return rc;
}

/* Whether bench simulates the caches: the mode asks for it (auto: no PMU counts here),
 * the workload is a matmul and this process can run valgrind. */
static bool simulating(const cli *o, counters *set)
{
    if (!set || o->workload != WORKLOAD_MATMUL)
        return false;
    counter_event events[COUNTERS_MAX];
    const int n = counters_count(set);
    for (int i = 0; i < n; i++)
        events[i] = *counters_event(set, i);
    return counter_source_simulates((counter_mode)o->counters, events, n) &&
           !simulate_unavailable();
}

int bench_measure(const cli *o, counters *set, results *r, char *err, size_t errlen)
{
    const bool sim = simulating(o, set);
    for (int si = 0; si < settings_count(o); si++) {
        const experiment setting = setting_at(o, si);
        int rc = measure_setting(o, set, r, setting, err, errlen);
        if (rc != 0)
            return rc;
        if (sim)
            simulate_setting(o, r, &setting);
    }
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
    const int n = counter_source_names((counter_mode)o->counters, (const char *const *)o->events,
                                       o->nevents, names, COUNTERS_MAX);
    return counters_open(names, n);
}

/* The report's line on the simulation: NULL when not asked for, what ran it, or why not. */
static const char *simulation_line(const cli *o, const counter_event *events, int n, char *buf,
                                   size_t len)
{
    if (!counter_source_simulates((counter_mode)o->counters, events, n))
        return NULL;
    if (o->workload != WORKLOAD_MATMUL)
        return "simulated counters: matmul only";
    return simulate_summary(buf, len);
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
    if (o.data_dir && mnist_use(o.data_dir, err, sizeof err) != 0) {
        fprintf(stderr, "tttop bench: --data: %s\n", err);
        cli_free(&o);
        return 2;
    }
    /* --out is opened before anything is measured: a directory or an unwritable place is
     * refused at once, and the temporary file is removed if the run is interrupted */
    atomic_file_remove_on_signals();
    output out;
    if (output_open(&out, o.out, false, err, sizeof err) != 0) {
        const int why = errno;
        fprintf(stderr, "tttop bench: %s\n", err);
        cli_free(&o);
        return atomic_file_fault(why) ? 1 : 2;
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
    char sim_line[400];
    rc_info.simulation =
        simulation_line(&o, rc_info.events, rc_info.nevents, sim_line, sizeof sim_line);
    int status = 0;
    if (!r) {
        fprintf(stderr, "tttop bench: out of memory\n");
        status = 1;
    } else {
        results_set_peak(r, machine_peak_gflops, NULL);
        int measured = bench_measure(&o, set, r, err, sizeof err);
        if (measured != 0) {
            fprintf(stderr, "tttop bench: %s\n", err);
            status = measured == -1 ? 2 : 1;
        }
    }
    report_style style = {.wide = o.wide};
    if (status == 0) {
        errno = 0;
        if (report_write((report_format)o.format, r, &rc_info, &style, out.fp) != 0) {
            /* nothing half-written is put in place */
            const int saved = errno;
            fprintf(stderr, "tttop bench: cannot write to %s: %s\n",
                    o.out ? o.out : "standard output", saved ? strerror(saved) : "write error");
            status = 1;
        } else if (output_commit(&out, err, sizeof err) != 0) {
            fprintf(stderr, "tttop bench: %s\n", err);
            status = 1;
        }
    }
    output_abort(&out);
    if (output_close_stdout(err, sizeof err) != 0 && status == 0) {
        fprintf(stderr, "tttop bench: %s\n", err);
        status = 1;
    }
    results_free(r);
    counters_close(set);
    cli_free(&o);
    return status;
}
