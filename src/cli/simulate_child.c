/* `tttop __simulate`: the child that core/simulate.c runs under valgrind's callgrind. Not
 * a command for people (not in --help): its arguments are what the parent resolved.
 *
 *   tttop __simulate N K SEED RUN...
 *   RUN = variant,small=R1,large=R2,isa=I,block=B,mc=..  (knobs by name, threads always 1)
 *
 * It builds the operands as the workload does (same seed, so a band is rows 0.. of the
 * real A), then per run and band: instrumentation on (valgrind's caches start cold), the
 * kernel on rows [0, R), a dump, instrumentation off; R2 = 0 means no second band.
 * Nothing else is counted: not the set-up, not a check. After each run it writes
 * "done I ISA" on standard output. */
#include "cli/commands.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cli/parse.h"
#include "core/variant_call.h"
#include "core/workload.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_DUMP_STATS_AT(label) ((void)(label))
#endif

typedef struct child_run {
    int variant;
    int small, large; /* rows of the two bands */
    kernel_tunables tun;
} child_run;

static int parse_run(const char *text, child_run *out, char *err, size_t errlen)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    char *save = NULL, *word = strtok_r(buf, ",", &save);
    memset(out, 0, sizeof *out);
    out->tun.threads = 1;
    if (!word || (out->variant = variant_find(word)) < 0) {
        snprintf(err, errlen, "run '%.80s': unknown variant", text);
        return -1;
    }
    while ((word = strtok_r(NULL, ",", &save))) {
        char *eq = strchr(word, '=');
        char *end = NULL;
        long v = eq ? strtol(eq + 1, &end, 10) : 0;
        if (!eq || !end || *end || v < 0 || v > 1000000) {
            snprintf(err, errlen, "run '%.80s': bad item '%.40s'", text, word);
            return -1;
        }
        *eq = '\0';
        if (strcmp(word, "isa") == 0 || strcmp(word, "small") == 0 || strcmp(word, "large") == 0) {
            *(word[0] == 'i' ? &out->tun.isa : word[0] == 's' ? &out->small : &out->large) = (int)v;
            continue;
        }
        int knob = variants_knob_find(word);
        if (knob < 0 || knob == variants_threads_knob()) {
            snprintf(err, errlen, "run '%.80s': unknown knob '%.40s'", text, word);
            return -1;
        }
        kernel_tunables_set(&out->tun, (kernel_knob)knob, (int)v);
    }
    if (out->small < 1 || out->small > EXPERIMENT_MAX_SIZE || out->large > EXPERIMENT_MAX_SIZE) {
        snprintf(err, errlen, "run '%.80s': rows out of range", text);
        return -1;
    }
    return 0;
}

static int parse_dim(const char *what, const char *text, int lo, int *out, char *err, size_t len)
{
    return parse_int(what, text, lo, EXPERIMENT_MAX_SIZE, out, err, len);
}

int simulate_child_main(int argc, char **argv)
{
    /* a dashboard that dies takes its simulation with it */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1)
        return 1;
    char err[256] = "";
    int n, k, seed;
    if (argc < 5 || parse_dim("N", argv[1], 1, &n, err, sizeof err) != 0 ||
        parse_dim("K", argv[2], 1, &k, err, sizeof err) != 0 ||
        parse_int("SEED", argv[3], 0, 0x7fffffff, &seed, err, sizeof err) != 0) {
        fprintf(stderr, "tttop __simulate: %s\n",
                err[0] ? err : "usage: N K SEED RUN... (internal)");
        return 2;
    }
    const int nruns = argc - 4;
    child_run *runs = calloc((size_t)nruns, sizeof *runs);
    if (!runs) {
        fprintf(stderr, "tttop __simulate: out of memory\n");
        return 1;
    }
    int rows = 0;
    for (int i = 0; i < nruns; i++) {
        if (parse_run(argv[4 + i], &runs[i], err, sizeof err) != 0) {
            fprintf(stderr, "tttop __simulate: %s\n", err);
            free(runs);
            return 2;
        }
        const int most = runs[i].large > runs[i].small ? runs[i].large : runs[i].small;
        if (most > rows)
            rows = most;
    }
    if (rows < 1) {
        fprintf(stderr, "tttop __simulate: no rows to simulate\n");
        free(runs);
        return 2;
    }
    double *a = malloc(sizeof(double) * (size_t)rows * k);
    double *b = malloc(sizeof(double) * (size_t)k * n);
    double *c = calloc((size_t)rows * n, sizeof(double));
    int status = 0;
    if (!a || !b || !c) {
        fprintf(stderr, "tttop __simulate: out of memory\n");
        status = 1;
    } else {
        workload_matmul_fill((unsigned)seed, a, (size_t)rows * k, b, (size_t)k * n);
    }
    for (int i = 0; i < nruns && status == 0; i++) {
        const kernel_info *info = variant_kernel(runs[i].variant);
        const kernel_tunables *tun = &runs[i].tun;
        const int bands[2] = {runs[i].small, runs[i].large};
        int rc = KERNEL_DONE;
        for (int band = 0; band < 2 && bands[band] > 0 && rc == KERNEL_DONE; band++) {
            char label[64];
            snprintf(label, sizeof label, "tttop-sim %d %s", i, band ? "large" : "small");
            CALLGRIND_START_INSTRUMENTATION;
            rc = info->run(bands[band], n, k, a, k, b, n, c, n, tun, NULL);
            CALLGRIND_DUMP_STATS_AT(label);
            CALLGRIND_STOP_INSTRUMENTATION;
        }
        kernel_release(info, tun);
        if (rc != KERNEL_DONE) {
            fprintf(stderr, "tttop __simulate: %s: out of memory\n", info->name);
            status = 1;
            break;
        }
        printf("done %d %s\n", i, info->isa ? info->isa(tun) : "-");
        if (fflush(stdout) != 0)
            status = 1;
    }
    free(runs);
    free(a);
    free(b);
    free(c);
    return status;
}
