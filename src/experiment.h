/* What to measure: a workload, a matmul variant and its settings. Plain values, so that
 * the UI thread can hand a copy to the worker and compare settings cheaply. */
#ifndef TTTOP_EXPERIMENT_H
#define TTTOP_EXPERIMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "kernels.h"

typedef enum workload_kind { WORKLOAD_MATMUL = 0, WORKLOAD_NET, WORKLOAD_TRAIN, WORKLOAD_COUNT } workload_kind;

#define EXPERIMENT_MAX_SIZE 50000
#define EXPERIMENT_MAX_BATCH 65536
#define EXPERIMENT_MAX_BLOCK 4096
#define EXPERIMENT_MAX_THREADS KERNEL_MAX_THREADS

typedef struct experiment {
    workload_kind workload;
    int variant; /* index into the kernel registry */
    int m, n, k; /* matmul shape */
    int batch;   /* net and train */
    kernel_tunables tun;
    int min_reps;    /* repetitions per sample, at least */
    double min_time; /* seconds per sample, at least */
    unsigned seed;
} experiment;

const char *workload_name(workload_kind w);
int workload_parse(const char *text, workload_kind *out); /* 0 or -1 */

/* The default experiment: matmul n=500 with the blocked variant, block 64, 1 thread. */
experiment experiment_default(void);

/* Same workload, shape/batch and threads: the key of the comparison table. */
bool experiment_same_setting(const experiment *a, const experiment *b);
/* Same everything that changes a measurement (variant and tunables too). */
bool experiment_same_run(const experiment *a, const experiment *b);

/* Analytic floating-point operations of one repetition (2mnk for matmul). */
double experiment_flops(const experiment *e);
/* Bytes the workload allocates besides the variant's own workspace. */
size_t experiment_data_bytes(const experiment *e);
/* Refuse absurd or unaffordable settings before allocating: 0, or -1 with a one-line
 * message in err. */
int experiment_validate(const experiment *e, char *err, size_t errlen);

const char *experiment_variant_name(const experiment *e);
/* "n=1000", "512x300x77" or "batch=64": the shape as a user would type it. */
void experiment_describe_shape(const experiment *e, char *buf, size_t len);

#endif
