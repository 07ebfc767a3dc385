/* tttop: top for matrix multiply. Dispatches to the dashboard or a headless subcommand. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "dashboard.h"
#include "commands.h"
#include "hostinfo.h"
#include "kernels.h"
#include "parse.h"
#include "tuning.h"

static void usage(FILE *out)
{
    fputs("usage: tttop [options]            live dashboard (keys: ? for help, q to quit)\n"
          "       tttop bench [options]      headless measurements: table, CSV or JSON\n"
          "       tttop events [--events L]  which counters work here, and why not\n"
          "       tttop tune [--size N]      find the best block sizes for this machine\n"
          "\n"
          "dashboard options:\n"
          "  -d, --delay N           refresh every N tenths of a second (default 10)\n"
          "  -C, --no-color          monochrome (also when NO_COLOR is set)\n"
          "      --ascii             ASCII drawing only\n"
          "  -n, --max-iterations N  exit after N refreshes\n"
          "  -w, --workload W        matmul, net or train\n"
          "  -v, --variant NAME      naive, reordered, blocked, packed, microkernel, openblas\n"
          "  -s, --size N|MxNxK      matmul size\n"
          "      --batch N           net/train batch size\n"
          "  -b, --block N           block size of blocked and packed\n"
          "  -t, --threads N         threads of microkernel and openblas\n"
          "  -e, --events LIST       PAPI events instead of the defaults\n"
          "      --record FILE       append one JSON line per sample to FILE\n"
          "      --no-config         ignore and do not write the saved settings\n"
          "  -h, --help              this help\n"
          "  -V, --version           version\n"
          "\n"
          "Run `tttop <command> --help` for a command's options.\n",
          out);
}

typedef struct main_args {
    dashboard_options dash;
    const char *events[COUNTERS_MAX];
    char *events_text;
} main_args;

/* 0 = run, 1 = help/version printed, -1 = error in err. */
static int parse_dashboard(int argc, char **argv, main_args *a, char *err, size_t errlen)
{
    enum { OPT_ASCII = 256, OPT_BATCH, OPT_RECORD, OPT_NO_CONFIG };
    static const struct option longopts[] = {
        {"delay", required_argument, NULL, 'd'},
        {"no-color", no_argument, NULL, 'C'},
        {"no-colour", no_argument, NULL, 'C'},
        {"ascii", no_argument, NULL, OPT_ASCII},
        {"max-iterations", required_argument, NULL, 'n'},
        {"workload", required_argument, NULL, 'w'},
        {"variant", required_argument, NULL, 'v'},
        {"size", required_argument, NULL, 's'},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"block", required_argument, NULL, 'b'},
        {"threads", required_argument, NULL, 't'},
        {"events", required_argument, NULL, 'e'},
        {"record", required_argument, NULL, OPT_RECORD},
        {"no-config", no_argument, NULL, OPT_NO_CONFIG},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    dashboard_options *o = &a->dash;
    o->initial = experiment_default();
    o->delay_tenths = 10;
    const char *no_color = getenv("NO_COLOR");
    o->no_color = no_color && no_color[0] != '\0';
    optind = 0;
    opterr = 0;
    int c, n, shapes[1][3];
    while ((c = getopt_long(argc, argv, ":d:Cn:w:v:s:b:t:e:hV", longopts, NULL)) != -1) {
        int rc = 0;
        switch (c) {
        case 'd':
            rc = parse_int("--delay", optarg, 600, &o->delay_tenths, err, errlen);
            o->given |= GIVEN_DELAY;
            break;
        case 'C':
            o->no_color = true;
            break;
        case OPT_ASCII:
            o->ascii = true;
            break;
        case 'n':
            rc = parse_int("--max-iterations", optarg, 1000000000, &n, err, errlen);
            o->max_iterations = n;
            break;
        case 'w':
            if (workload_parse(optarg, &o->initial.workload) != 0) {
                snprintf(err, errlen, "--workload: '%s' is not matmul, net or train", optarg);
                rc = -1;
            }
            o->given |= GIVEN_WORKLOAD;
            break;
        case 'v':
            rc = parse_variant_list("--variant", optarg, &o->initial.variant, 1, err, errlen) < 0;
            o->given |= GIVEN_VARIANT;
            break;
        case 's':
            rc = parse_size_list("--size", optarg, EXPERIMENT_MAX_SIZE, shapes, 1, err, errlen) < 0;
            o->initial.m = shapes[0][0];
            o->initial.n = shapes[0][1];
            o->initial.k = shapes[0][2];
            o->given |= GIVEN_SIZE;
            break;
        case OPT_BATCH:
            rc = parse_int("--batch", optarg, EXPERIMENT_MAX_BATCH, &o->initial.batch, err,
                           errlen);
            o->given |= GIVEN_BATCH;
            break;
        case 'b':
            rc = parse_int("--block", optarg, EXPERIMENT_MAX_BLOCK, &o->initial.tun.block, err,
                           errlen);
            o->given |= GIVEN_BLOCK;
            break;
        case 't':
            rc = parse_int("--threads", optarg, EXPERIMENT_MAX_THREADS, &o->initial.tun.threads,
                           err, errlen);
            o->given |= GIVEN_THREADS;
            break;
        case 'e':
            free(a->events_text);
            a->events_text = strdup(optarg);
            rc = !a->events_text ||
                 (o->nevents = parse_word_list("--events", a->events_text, a->events,
                                               COUNTERS_MAX, err, errlen)) < 0;
            o->events = a->events;
            break;
        case OPT_RECORD:
            o->record_path = optarg;
            break;
        case OPT_NO_CONFIG:
            o->no_config = true;
            break;
        case 'h':
            usage(stdout);
            return 1;
        case 'V':
            printf("tttop %s\n", TTTOP_VERSION);
            return 1;
        default:
            parse_option_error(c, argv, "tttop", err, errlen);
            return -1;
        }
        if (rc != 0)
            return -1;
    }
    if (optind < argc) {
        snprintf(err, errlen, "unknown command '%s' (see tttop --help)", argv[optind]);
        return -1;
    }
    return 0;
}

static int run_dashboard(int argc, char **argv)
{
    main_args a = {0};
    char err[256] = "";
    int rc = parse_dashboard(argc, argv, &a, err, sizeof err);
    int status = 0;
    if (rc < 0) {
        fprintf(stderr, "tttop: %s\n", err);
        status = 2;
    } else if (rc == 0 && (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))) {
        fprintf(stderr, "tttop: the dashboard needs a terminal; for measurements in a script "
                        "or a pipe use `tttop bench` (see tttop bench --help)\n");
        status = 2;
    } else if (rc == 0) {
        tuning tuned;
        if (tuning_load(NULL, &tuned, err, sizeof err) == 0)
            tuning_apply(&tuned, &a.dash.initial, a.dash.given & GIVEN_BLOCK);
        else
            fprintf(stderr, "tttop: %s\n", err);
        status = dashboard_run(&a.dash);
    }
    free(a.events_text);
    return status;
}

int main(int argc, char **argv)
{
    /* the microkernel derives its block sizes from this machine's caches */
    const hostinfo *host = hostinfo_get();
    kernel_set_caches(&(kernel_caches){
        .l1d = host->l1d_bytes, .l2 = host->l2_bytes, .l3 = host->l3_bytes,
        .l1d_ways = host->l1d_ways, .l2_ways = host->l2_ways, .l3_ways = host->l3_ways,
        .line = host->cache_line});
    if (argc > 1 && strcmp(argv[1], "bench") == 0)
        return bench_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "events") == 0)
        return events_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "tune") == 0)
        return tune_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    return run_dashboard(argc, argv);
}
