#include "bench.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "measure.h"
#include "tuning.h"
#include "workload.h"

static const int default_sizes[] = {100, 500, 1000, 2000};

void bench_usage(FILE *out)
{
    fputs("usage: tttop bench [options]\n"
          "Measure matmul variants (or the MLP) headless and print the speed-up ladder.\n\n"
          "  -w, --workload W     matmul (default), net (forward pass) or train (SGD step)\n"
          "  -v, --variant LIST   variants, comma-separated, or 'all' (default: all)\n"
          "  -s, --size LIST      matmul sizes: N or MxNxK, comma-separated\n"
          "                       (default: 100,500,1000,2000)\n"
          "      --batch LIST     net/train batch sizes (default: 64)\n"
          "  -b, --block LIST     block sizes for blocked and packed (default: the tuned\n"
          "                       ones saved by `tttop tune`, else 64)\n"
          "  -t, --threads N      threads for microkernel and openblas (default: 1)\n"
          "      --reps N         repetitions per measurement, at least (default: 1)\n"
          "      --min-time S     seconds per measurement, at least (default: 0.2)\n"
          "      --seed N         seed of the inputs and weights (default: 42)\n"
          "  -e, --events LIST    PAPI events (presets or native names) instead of defaults\n"
          "  -f, --format F       table (default), csv or json\n"
          "  -o, --out FILE       write there (atomically) instead of standard output\n"
          "      --no-tuning      ignore the block sizes saved by `tttop tune`\n"
          "      --isa ISA        microkernel tile: auto (default), avx512, avx2, generic\n"
          "                       (one the CPU lacks falls back to generic)\n"
          "  -q, --quiet          no progress lines on standard error\n"
          "  -h, --help           this help\n",
          out);
}

/* The microkernel's register tile: auto (the best this CPU has) or a forced one. */
static int parse_isa(const char *text, int *out, char *err, size_t errlen)
{
    static const struct {
        const char *name;
        int isa;
    } isas[] = {{"auto", KERNEL_ISA_AUTO},
                {"avx512", KERNEL_ISA_AVX512},
                {"avx2", KERNEL_ISA_AVX2},
                {"generic", KERNEL_ISA_GENERIC}};
    for (size_t i = 0; i < sizeof isas / sizeof isas[0]; i++) {
        if (strcmp(text, isas[i].name) == 0) {
            *out = isas[i].isa;
            return 0;
        }
    }
    snprintf(err, errlen, "--isa: '%s' is not auto, avx512, avx2 or generic", text);
    return -1;
}

static int parse_format(const char *text, report_format *out, char *err, size_t errlen)
{
    static const char *const names[] = {"table", "csv", "json"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = (report_format)i;
            return 0;
        }
    }
    snprintf(err, errlen, "--format: '%s' is not table, csv or json", text);
    return -1;
}

int bench_parse(int argc, char **argv, bench_options *o, char *err, size_t errlen)
{
    enum { OPT_BATCH = 256, OPT_REPS, OPT_MIN_TIME, OPT_SEED, OPT_NO_TUNING, OPT_ISA };
    static const struct option longopts[] = {
        {"workload", required_argument, NULL, 'w'}, {"variant", required_argument, NULL, 'v'},
        {"size", required_argument, NULL, 's'},     {"batch", required_argument, NULL, OPT_BATCH},
        {"block", required_argument, NULL, 'b'},    {"threads", required_argument, NULL, 't'},
        {"reps", required_argument, NULL, OPT_REPS},
        {"min-time", required_argument, NULL, OPT_MIN_TIME},
        {"seed", required_argument, NULL, OPT_SEED}, {"events", required_argument, NULL, 'e'},
        {"format", required_argument, NULL, 'f'},   {"out", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},          {"help", no_argument, NULL, 'h'},
        {"no-tuning", no_argument, NULL, OPT_NO_TUNING},
        {"isa", required_argument, NULL, OPT_ISA},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->threads = 1;
    o->reps = 1;
    o->min_time = 0.2;
    o->seed = 42;
    optind = 0; /* reset getopt (GNU): argv may be parsed more than once */
    opterr = 0;
    int c, seed;
    while ((c = getopt_long(argc, argv, ":w:v:s:b:t:e:f:o:qh", longopts, NULL)) != -1) {
        int rc = 0;
        switch (c) {
        case 'w':
            if (workload_parse(optarg, &o->workload) != 0) {
                snprintf(err, errlen, "--workload: '%s' is not matmul, net or train", optarg);
                rc = -1;
            }
            break;
        case 'v':
            rc = (o->nvariants = parse_variant_list("--variant", optarg, o->variants,
                                                    PARSE_MAX_LIST, err, errlen)) < 0;
            break;
        case 's':
            rc = (o->nshapes = parse_size_list("--size", optarg, EXPERIMENT_MAX_SIZE, o->shapes,
                                               PARSE_MAX_LIST, err, errlen)) < 0;
            break;
        case OPT_BATCH:
            rc = (o->nbatches = parse_int_list("--batch", optarg, EXPERIMENT_MAX_BATCH,
                                               o->batches, PARSE_MAX_LIST, err, errlen)) < 0;
            break;
        case 'b':
            rc = (o->nblocks = parse_int_list("--block", optarg, EXPERIMENT_MAX_BLOCK, o->blocks,
                                              PARSE_MAX_LIST, err, errlen)) < 0;
            break;
        case 't':
            rc = parse_int("--threads", optarg, EXPERIMENT_MAX_THREADS, &o->threads, err, errlen);
            break;
        case OPT_REPS:
            rc = parse_int("--reps", optarg, MEASURE_MAX_REPS, &o->reps, err, errlen);
            break;
        case OPT_MIN_TIME:
            rc = parse_seconds("--min-time", optarg, 3600.0, &o->min_time, err, errlen);
            break;
        case OPT_SEED:
            rc = parse_int("--seed", optarg, 0x7fffffff, &seed, err, errlen);
            o->seed = (unsigned)seed;
            break;
        case 'e':
            free(o->events_text);
            o->events_text = strdup(optarg);
            rc = !o->events_text ||
                 (o->nevents = parse_word_list("--events", o->events_text, o->events,
                                               COUNTERS_MAX, err, errlen)) < 0;
            break;
        case 'f':
            rc = parse_format(optarg, &o->format, err, errlen);
            break;
        case 'o':
            o->out_path = optarg;
            break;
        case 'q':
            o->quiet = 1;
            break;
        case OPT_NO_TUNING:
            o->no_tuning = 1;
            break;
        case OPT_ISA:
            rc = parse_isa(optarg, &o->isa, err, errlen);
            break;
        case 'h':
            return 1;
        default:
            parse_option_error(c, argv, "tttop bench", err, errlen);
            return -1;
        }
        if (rc != 0)
            return -1;
    }
    if (parse_no_operands(argc, argv, "tttop bench", err, errlen) != 0)
        return -1;
    if (o->nvariants == 0)
        o->nvariants = parse_variant_list("--variant", "all", o->variants, PARSE_MAX_LIST, err,
                                          errlen);
    if (o->nshapes == 0) {
        for (size_t i = 0; i < sizeof default_sizes / sizeof default_sizes[0]; i++)
            o->shapes[i][0] = o->shapes[i][1] = o->shapes[i][2] = default_sizes[i];
        o->nshapes = (int)(sizeof default_sizes / sizeof default_sizes[0]);
    }
    if (o->nbatches == 0) {
        o->batches[0] = 64;
        o->nbatches = 1;
    }
    return 0;
}

void bench_options_free(bench_options *o)
{
    free(o->events_text);
    o->events_text = NULL;
}

/* The settings bench visits, in order: per shape (or batch), every variant, every block
 * size for the variants that use one. */
static int settings_count(const bench_options *o)
{
    return o->workload == WORKLOAD_MATMUL ? o->nshapes : o->nbatches;
}

static experiment setting_at(const bench_options *o, int index)
{
    experiment e = experiment_default();
    e.workload = o->workload;
    e.tun.threads = o->threads;
    e.tun.isa = o->isa;
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

static void say_progress(const bench_options *o, const experiment *e)
{
    if (o->quiet || !isatty(STDERR_FILENO))
        return;
    char shape[64];
    experiment_describe_shape(e, shape, sizeof shape);
    fprintf(stderr, "\r\033[Kmeasuring %s %s %s...", workload_name(e->workload), shape,
            experiment_variant_name(e));
    fflush(stderr);
}

int bench_measure(const bench_options *o, counters *set, report *r, char *err, size_t errlen)
{
    tuning tuned = {0};
    if (!o->no_tuning && tuning_load(NULL, &tuned, err, errlen) != 0) {
        fprintf(stderr, "tttop bench: %s\n", err);
        memset(&tuned, 0, sizeof tuned);
    }
    for (int si = 0; si < settings_count(o); si++) {
        experiment base = setting_at(o, si);
        base.variant = o->variants[0];
        if (experiment_validate(&base, err, errlen) != 0)
            return -1;
        const workload_ops *ops = workload_ops_for(base.workload);
        workload_state *st = ops->create(&base, err, errlen);
        if (!st)
            return -1;
        for (int vi = 0; vi < o->nvariants; vi++) {
            const kernel_info *kinfo = kernel_at(o->variants[vi]);
            int nblocks = kinfo->tunables & KERNEL_USES_BLOCK && o->nblocks ? o->nblocks : 1;
            for (int bi = 0; bi < nblocks; bi++) {
                experiment e = base;
                e.variant = o->variants[vi];
                if (o->nblocks)
                    e.tun.block = o->blocks[bi];
                tuning_apply(&tuned, &e, o->nblocks > 0);
                if (experiment_validate(&e, err, errlen) != 0) {
                    ops->destroy(st);
                    return -1;
                }
                say_progress(o, &e);
                sample s;
                int status = measure_sample(ops, st, &e, set, NULL, true, &s);
                if (kernel_openblas_threads_linger(kinfo, &e.tun))
                    kernel_openblas_release_threads(); /* do not slow the next variant */
                if (status != KERNEL_DONE || report_add(r, &s) != 0) {
                    snprintf(err, errlen, "%s: out of memory", experiment_variant_name(&e));
                    ops->destroy(st);
                    return -1;
                }
            }
        }
        ops->destroy(st);
    }
    if (!o->quiet && isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    report_compare(r);
    return 0;
}

static int write_report(const bench_options *o, const report *r, FILE *out)
{
    switch (o->format) {
    case REPORT_CSV:
        return report_write_csv(r, out);
    case REPORT_JSON:
        return report_write_json(r, out);
    default:
        return report_write_table(r, out);
    }
}

int bench_main(int argc, char **argv)
{
    bench_options o;
    char err[256] = "";
    int rc = bench_parse(argc, argv, &o, err, sizeof err);
    if (rc != 0) {
        if (rc > 0)
            bench_usage(stdout);
        else
            fprintf(stderr, "tttop bench: %s\n", err);
        bench_options_free(&o);
        return rc > 0 ? 0 : 2;
    }

    const char *defaults[COUNTERS_MAX];
    const char *const *names = o.events;
    int nnames = o.nevents;
    if (nnames == 0) {
        nnames = counters_default_names(defaults, COUNTERS_MAX);
        names = defaults;
    }
    counters *set = counters_open(names, nnames);
    report r = {0};
    counter_event events[COUNTERS_MAX];
    if (set) {
        r.nevents = counters_count(set);
        for (int i = 0; i < r.nevents; i++)
            events[i] = *counters_event(set, i);
        r.events = events;
        r.counter_summary = counters_status_line(set);
    }

    int status = 0;
    atomic_file af = {0};
    FILE *out = stdout;
    if (o.out_path) {
        if (atomic_file_open(&af, o.out_path, err, sizeof err) != 0) {
            fprintf(stderr, "tttop bench: %s\n", err);
            status = 1;
        }
        out = af.fp;
    }
    if (status == 0 && bench_measure(&o, set, &r, err, sizeof err) != 0) {
        fprintf(stderr, "tttop bench: %s\n", err);
        status = 2;
    }
    if (status == 0 && write_report(&o, &r, out) != 0) {
        fprintf(stderr, "tttop bench: cannot write the report\n");
        status = 1;
    }
    if (o.out_path && status == 0 && atomic_file_commit(&af, err, sizeof err) != 0) {
        fprintf(stderr, "tttop bench: %s\n", err);
        status = 1;
    }
    if (o.out_path && af.fp)
        atomic_file_abort(&af);
    report_free(&r);
    counters_close(set);
    bench_options_free(&o);
    return status;
}
