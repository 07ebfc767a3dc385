#include "experiment.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "workload.h"


static const char *const workload_names[WORKLOAD_COUNT] = {"matmul", "net", "train"};

const char *workload_name(workload_kind w)
{
    return w >= 0 && w < WORKLOAD_COUNT ? workload_names[w] : "?";
}

int workload_parse(const char *text, workload_kind *out)
{
    for (int w = 0; w < WORKLOAD_COUNT; w++) {
        if (strcmp(text, workload_names[w]) == 0) {
            *out = (workload_kind)w;
            return 0;
        }
    }
    return -1;
}

experiment experiment_default(void)
{
    experiment e = {
        .workload = WORKLOAD_MATMUL,
        .variant = kernel_index("blocked"),
        .m = 500,
        .n = 500,
        .k = 500,
        .batch = 64,
        .tun = {.block = KERNEL_DEFAULT_BLOCK, .threads = 1},
        .min_reps = 1,
        .min_time = 0.2,
        .seed = 42,
    };
    return e;
}

bool experiment_same_setting(const experiment *a, const experiment *b)
{
    if (a->workload != b->workload || a->tun.threads != b->tun.threads)
        return false;
    if (a->workload == WORKLOAD_MATMUL)
        return a->m == b->m && a->n == b->n && a->k == b->k;
    return a->batch == b->batch;
}

bool experiment_same_run(const experiment *a, const experiment *b)
{
    return experiment_same_setting(a, b) && a->variant == b->variant &&
           memcmp(&a->tun, &b->tun, sizeof a->tun) == 0 && a->seed == b->seed;
}

double experiment_flops(const experiment *e)
{
    switch (e->workload) {
    case WORKLOAD_MATMUL:
        return 2.0 * e->m * e->n * e->k;
    case WORKLOAD_NET:
        return net_flops(e->batch, false);
    case WORKLOAD_TRAIN:
        return net_flops(e->batch, true);
    default:
        return 0.0;
    }
}

size_t experiment_data_bytes(const experiment *e)
{
    switch (e->workload) {
    case WORKLOAD_MATMUL:
        /* A, B, C and the OpenBLAS reference C */
        return sizeof(double) * ((size_t)e->m * e->k + (size_t)e->k * e->n +
                                 2 * (size_t)e->m * e->n);
    case WORKLOAD_NET:
        return workload_net_bytes(e->batch, false);
    case WORKLOAD_TRAIN:
        return workload_net_bytes(e->batch, true);
    default:
        return 0;
    }
}

static size_t physical_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? (size_t)pages * (size_t)page : SIZE_MAX;
}

int experiment_validate(const experiment *e, char *err, size_t errlen)
{
    const kernel_info *kinfo = kernel_at(e->variant);
    if (!kinfo) {
        snprintf(err, errlen, "unknown variant #%d", e->variant);
        return -1;
    }
    if (e->workload == WORKLOAD_MATMUL) {
        if (e->m < 1 || e->n < 1 || e->k < 1 || e->m > EXPERIMENT_MAX_SIZE ||
            e->n > EXPERIMENT_MAX_SIZE || e->k > EXPERIMENT_MAX_SIZE) {
            snprintf(err, errlen, "size %dx%dx%d out of range (1..%d)", e->m, e->n, e->k,
                     EXPERIMENT_MAX_SIZE);
            return -1;
        }
    } else if (e->batch < 1 || e->batch > EXPERIMENT_MAX_BATCH) {
        snprintf(err, errlen, "batch size %d out of range (1..%d)", e->batch,
                 EXPERIMENT_MAX_BATCH);
        return -1;
    }
    if (e->tun.block < 0 || e->tun.block > EXPERIMENT_MAX_BLOCK) {
        snprintf(err, errlen, "block size %d out of range (1..%d)", e->tun.block,
                 EXPERIMENT_MAX_BLOCK);
        return -1;
    }
    if (e->tun.threads < 0 || e->tun.threads > EXPERIMENT_MAX_THREADS) {
        snprintf(err, errlen, "threads %d out of range (1..%d)", e->tun.threads,
                 EXPERIMENT_MAX_THREADS);
        return -1;
    }
    size_t need = experiment_data_bytes(e);
    if (e->workload == WORKLOAD_MATMUL)
        need += kernel_workspace(kinfo, e->m, e->n, e->k, &e->tun);
    size_t have = physical_memory();
    if (need > have / 10 * 9) {
        char shape[64];
        experiment_describe_shape(e, shape, sizeof shape);
        snprintf(err, errlen, "%s needs %.1f GiB but this machine has %.1f GiB of memory",
                 shape, need / 1073741824.0, have / 1073741824.0);
        return -1;
    }
    return 0;
}

const char *experiment_variant_name(const experiment *e)
{
    const kernel_info *k = kernel_at(e->variant);
    return k ? k->name : "?";
}

void experiment_describe_shape(const experiment *e, char *buf, size_t len)
{
    if (e->workload != WORKLOAD_MATMUL)
        snprintf(buf, len, "batch=%d", e->batch);
    else if (e->m == e->n && e->n == e->k)
        snprintf(buf, len, "n=%d", e->n);
    else
        snprintf(buf, len, "%dx%dx%d", e->m, e->n, e->k);
}
