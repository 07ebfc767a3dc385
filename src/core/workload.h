/* A workload is what one repetition runs: a matmul, a network forward pass, or a training
 * step. The measurement loop (measure.c) drives any of them through this table. */
#ifndef TTTOP_WORKLOAD_H
#define TTTOP_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/experiment.h"
#include "kernels.h"
#include "net/profile.h"

typedef struct workload_state workload_state;

typedef struct workload_ops {
    workload_kind kind;
    /* Allocate and fill inputs for e (seeded), compute whatever reference the check needs.
     * Returns NULL with a one-line message in err on failure. */
    workload_state *(*create)(const experiment *e, char *err, size_t errlen);
    /* One repetition with e's variant and tunables. prof may be NULL; when given, the
     * workload attributes its sections to it (layers, activations). Returns a
     * kernel_status. */
    int (*run)(workload_state *st, const experiment *e, kernel_ctl *ctl, profile *prof);
    /* Max relative error of the last run's output against the reference variant on the same
     * input (normwise: max|x - ref| / max|ref|). */
    double (*check)(workload_state *st, const experiment *e);
    /* Train only: loss and accuracy now (NAN elsewhere), and steps taken. */
    void (*progress)(workload_state *st, double *loss, double *accuracy, long *step);
    void (*destroy)(workload_state *st);
} workload_ops;

const workload_ops *workload_ops_for(workload_kind kind);

/* Bytes the net or train workload allocates at this batch size (networks, data). */
size_t workload_net_bytes(int batch, bool train);

/* The matmul's operands for a seed: A's first na values and B's first nb (row-major, so a
 * band of A's first rows is the same whatever m is). */
void workload_matmul_fill(unsigned seed, double *a, size_t na, double *b, size_t nb);

extern const workload_ops workload_matmul_ops;
extern const workload_ops workload_net_ops;
extern const workload_ops workload_train_ops;

#endif
