/* `tttop tune`: sweep the block sizes of blocked, packed and microkernel at one size, print
 * what each candidate reached, and save the best for this machine. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "format.h"
#include "measure.h"
#include "parse.h"
#include "paths.h"
#include "tuning.h"
#include "workload.h"

#define COUNT(a) TUNING_COUNT(a)

typedef struct tune_opts {
    int size, threads;
    double min_time;
    bool variant[3]; /* blocked, packed, microkernel */
    bool save;
} tune_opts;

static const char *const tuned_variants[3] = {"blocked", "packed", "microkernel"};

static void usage(FILE *out)
{
    fputs("usage: tttop tune [options]\n"
          "Find the block sizes that run fastest on this machine and save them; bench and\n"
          "the dashboard use them unless --block is given.\n\n"
          "  -s, --size N        matrix size to tune at (default 1000)\n"
          "  -v, --variant LIST  blocked, packed, microkernel (default: all three)\n"
          "  -t, --threads N     threads for microkernel (default 1)\n"
          "      --min-time S    seconds per candidate, at least (default 0.1)\n"
          "      --no-save       print the results only\n"
          "  -h, --help          this help\n",
          out);
}

/* 0 = run, 1 = help, -1 = error */
static int parse(int argc, char **argv, tune_opts *o, char *err, size_t errlen)
{
    enum { OPT_MIN_TIME = 256, OPT_NO_SAVE };
    static const struct option longopts[] = {
        {"size", required_argument, NULL, 's'},
        {"variant", required_argument, NULL, 'v'},
        {"threads", required_argument, NULL, 't'},
        {"min-time", required_argument, NULL, OPT_MIN_TIME},
        {"no-save", no_argument, NULL, OPT_NO_SAVE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *o = (tune_opts){.size = 1000, .threads = 1, .min_time = 0.1, .save = true};
    bool any = false;
    optind = 0;
    opterr = 0;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":s:v:t:h", longopts, NULL)) != -1) {
        rc = 0;
        switch (c) {
        case 's':
            rc = parse_int("--size", optarg, 20000, &o->size, err, errlen);
            break;
        case 't':
            rc = parse_int("--threads", optarg, EXPERIMENT_MAX_THREADS, &o->threads, err, errlen);
            break;
        case OPT_MIN_TIME:
            rc = parse_seconds("--min-time", optarg, 60.0, &o->min_time, err, errlen);
            break;
        case OPT_NO_SAVE:
            o->save = false;
            break;
        case 'v': {
            int v[PARSE_MAX_LIST];
            int n = parse_variant_list("--variant", optarg, v, PARSE_MAX_LIST, err, errlen);
            rc = n < 0;
            for (int i = 0; i < n && rc == 0; i++) {
                int slot = -1;
                for (int j = 0; j < 3; j++)
                    if (strcmp(kernel_at(v[i])->name, tuned_variants[j]) == 0)
                        slot = j;
                if (slot < 0) {
                    snprintf(err, errlen, "--variant: %s has no block sizes to tune",
                             kernel_at(v[i])->name);
                    rc = -1;
                } else {
                    o->variant[slot] = any = true;
                }
            }
            break;
        }
        case 'h':
            return 1;
        default:
            parse_option_error(c, argv, "tttop tune", err, errlen);
            return -1;
        }
        if (rc != 0)
            return -1;
    }
    if (parse_no_operands(argc, argv, "tttop tune", err, errlen) != 0)
        return -1;
    if (!any)
        o->variant[0] = o->variant[1] = o->variant[2] = true;
    return 0;
}

/* Measures one candidate; returns GFLOP/s, or -1 when it failed its check. */
static double try_candidate(workload_state *st, const experiment *e)
{
    sample s;
    if (measure_sample(&workload_matmul_ops, st, e, NULL, NULL, true, &s) != KERNEL_DONE)
        return -1.0;
    return s.verdict == CHECK_PASS ? s.gflops : -1.0;
}

static void print_candidate(const char *label, double gflops, double best)
{
    char g[32];
    format_gflops(g, sizeof g, gflops);
    int bar = best > 0 && gflops > 0 ? (int)(30.0 * gflops / best + 0.5) : 0;
    printf("  %-22s %8s GFLOP/s  %.*s%s\n", label, gflops < 0 ? "FAIL" : g, bar,
           "##############################", gflops == best ? "  <- best" : "");
}

static int tune_blocks(workload_state *st, experiment e, const char *variant, int *best_block)
{
    e.variant = kernel_index(variant);
    double results[COUNT(tuning_block_candidates)], best = -1.0;
    printf("%s, block size:\n", variant);
    for (int i = 0; i < COUNT(tuning_block_candidates); i++) {
        e.tun.block = tuning_block_candidates[i];
        results[i] = try_candidate(st, &e);
        if (results[i] > best) {
            best = results[i];
            *best_block = tuning_block_candidates[i];
        }
    }
    for (int i = 0; i < COUNT(tuning_block_candidates); i++) {
        char label[32];
        snprintf(label, sizeof label, "block %d", tuning_block_candidates[i]);
        print_candidate(label, results[i], best);
    }
    return best > 0 ? 0 : -1;
}

static int tune_microkernel(workload_state *st, experiment e, tuning *t)
{
    enum { NA = COUNT(tuning_mc_candidates), NB = COUNT(tuning_kc_candidates), NC = COUNT(tuning_nc_candidates) };
    e.variant = kernel_index("microkernel");
    double results[NA][NB][NC], best = -1.0;
    printf("microkernel, MC x KC x NC (%d thread%s):\n", e.tun.threads,
           e.tun.threads > 1 ? "s" : "");
    for (int a = 0; a < NA; a++)
        for (int b = 0; b < NB; b++)
            for (int c = 0; c < NC; c++) {
                e.tun.mc = tuning_mc_candidates[a];
                e.tun.kc = tuning_kc_candidates[b];
                e.tun.nc = tuning_nc_candidates[c];
                results[a][b][c] = try_candidate(st, &e);
                if (results[a][b][c] > best) {
                    best = results[a][b][c];
                    t->mc = e.tun.mc;
                    t->kc = e.tun.kc;
                    t->nc = e.tun.nc;
                }
            }
    for (int a = 0; a < NA; a++)
        for (int b = 0; b < NB; b++)
            for (int c = 0; c < NC; c++) {
                char label[40];
                snprintf(label, sizeof label, "%d x %d x %d", tuning_mc_candidates[a],
                         tuning_kc_candidates[b], tuning_nc_candidates[c]);
                print_candidate(label, results[a][b][c], best);
            }
    return best > 0 ? 0 : -1;
}

int tune_main(int argc, char **argv)
{
    tune_opts o;
    char err[256];
    int rc = parse(argc, argv, &o, err, sizeof err);
    if (rc != 0) {
        if (rc > 0)
            usage(stdout);
        else
            fprintf(stderr, "tttop tune: %s\n", err);
        return rc > 0 ? 0 : 2;
    }
    experiment e = experiment_default();
    e.m = e.n = e.k = o.size;
    e.min_time = o.min_time;
    e.tun.threads = o.threads;
    if (experiment_validate(&e, err, sizeof err) != 0) {
        fprintf(stderr, "tttop tune: %s\n", err);
        return 2;
    }
    workload_state *st = workload_matmul_ops.create(&e, err, sizeof err);
    if (!st) {
        fprintf(stderr, "tttop tune: %s\n", err);
        return 1;
    }
    tuning t;
    if (tuning_load(NULL, &t, err, sizeof err) != 0)
        fprintf(stderr, "tttop tune: %s\n", err);
    printf("tuning at n=%d (each candidate measured for at least %g s)\n\n", o.size, o.min_time);
    int failed = 0;
    if (o.variant[0])
        failed |= tune_blocks(st, e, "blocked", &t.blocked_block);
    if (o.variant[1])
        failed |= tune_blocks(st, e, "packed", &t.packed_block);
    if (o.variant[2])
        failed |= tune_microkernel(st, e, &t);
    workload_matmul_ops.destroy(st);
    if (failed) {
        fprintf(stderr, "tttop tune: a variant failed every candidate's check; nothing saved\n");
        return 1;
    }
    printf("\nbest: blocked %d, packed %d, microkernel %d x %d x %d\n", t.blocked_block,
           t.packed_block, t.mc, t.kc, t.nc);
    if (o.save) {
        char path[4096];
        if (tuning_save(NULL, &t, err, sizeof err) != 0) {
            fprintf(stderr, "tttop tune: %s\n", err);
            return 1;
        }
        if (paths_config_file("tuning.ini", path, sizeof path) == 0)
            printf("saved to %s\n", path);
    }
    return 0;
}
