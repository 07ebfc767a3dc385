/* The network workloads: `net` is one forward pass of a fixed batch, `train` one SGD step
 * on the next batch of the training set. Both are checked against the same computation with
 * the reference variant. The data is the synthetic digits made from the seed, or the data
 * set the face chose for the process (dataset_in_use(), e.g. MNIST): its last images are
 * held out for the accuracy, the others trained on; the workload only reads it. */
#include "core/workload.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/check.h"
#include "core/variant_call.h"
#include "net/dataset.h"
#include "net/net.h"

#define TRAIN_SAMPLES 4096
#define HELDOUT_SAMPLES 512
#define LEARNING_RATE 0.02

struct workload_state {
    workload_kind kind;
    int batch;
    net *model;
    net *ref; /* scratch for the check */
    dataset train, heldout;
    bool shared_data; /* train and heldout are views of dataset_in_use() */
    double *x;
    int *labels;
    long step;
    double loss_sum;
    int loss_count;
    double last_loss;
};

size_t workload_net_bytes(int batch, bool train)
{
    size_t samples = train ? TRAIN_SAMPLES + HELDOUT_SAMPLES : (size_t)batch;
    size_t data = (samples + (size_t)batch) * (NET_INPUTS * sizeof(double) + sizeof(int));
    return 2 * net_bytes(batch) + data; /* the model, the check's scratch net, the data */
}

static void net_state_destroy(workload_state *st)
{
    if (!st)
        return;
    net_destroy(st->model);
    net_destroy(st->ref);
    if (!st->shared_data) {
        dataset_free(&st->train);
        dataset_free(&st->heldout);
    }
    free(st->x);
    free(st->labels);
    free(st);
}

static workload_state *net_state_create(const experiment *e, char *err, size_t errlen)
{
    if (e->batch < 1 || e->batch > EXPERIMENT_MAX_BATCH) {
        snprintf(err, errlen, "batch size %d out of range (1..%d)", e->batch, EXPERIMENT_MAX_BATCH);
        return NULL;
    }
    workload_state *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    st->kind = e->workload;
    st->batch = e->batch;
    st->last_loss = NAN;
    const bool train = e->workload == WORKLOAD_TRAIN;
    const dataset *chosen = dataset_in_use();
    if (chosen) {
        /* a set of one image trains and tests on it; otherwise the last images are held out */
        const int held = chosen->count < 2                     ? chosen->count
                         : chosen->count / 8 < HELDOUT_SAMPLES ? (chosen->count + 7) / 8
                                                               : HELDOUT_SAMPLES;
        const int trained = chosen->count < 2 ? chosen->count : chosen->count - held;
        st->train = dataset_view(chosen, 0, trained);
        st->heldout = dataset_view(chosen, chosen->count - held, held);
        st->shared_data = true;
    }
    int samples = train ? TRAIN_SAMPLES : e->batch;
    bool ok = (st->model = net_create(e->batch, e->seed)) &&
              (st->ref = net_create(e->batch, e->seed)) &&
              (chosen || dataset_make(&st->train, samples, e->seed) == 0) &&
              (chosen || !train || dataset_make(&st->heldout, HELDOUT_SAMPLES, e->seed + 1) == 0) &&
              (st->x = malloc((size_t)e->batch * NET_INPUTS * sizeof *st->x)) &&
              (st->labels = malloc((size_t)e->batch * sizeof *st->labels));
    if (!ok) {
        snprintf(err, errlen, "out of memory for the network at batch %d", e->batch);
        net_state_destroy(st);
        return NULL;
    }
    dataset_batch(&st->train, 0, st->batch, st->x, st->labels);
    return st;
}

static int forward_run(workload_state *st, const experiment *e, kernel_ctl *ctl, profile *prof)
{
    kernel_tunables tun;
    variant_tunables(e, &tun);
    return net_forward(st->model, st->x, variant_kernel(e->variant), &tun, ctl, prof);
}

static int train_run(workload_state *st, const experiment *e, kernel_ctl *ctl, profile *prof)
{
    dataset_batch(&st->train, st->step * st->batch, st->batch, st->x, st->labels);
    double loss;
    kernel_tunables tun;
    variant_tunables(e, &tun);
    int status = net_train_step(st->model, st->x, st->labels, LEARNING_RATE,
                                variant_kernel(e->variant), &tun, ctl, prof, &loss);
    if (status == KERNEL_DONE) {
        st->step++;
        st->last_loss = loss;
        st->loss_sum += loss;
        st->loss_count++;
    }
    return status;
}

/* Logits of the current weights on the current batch, variant against the reference. */
static double forward_check(workload_state *st, const experiment *e)
{
    static const kernel_tunables one_thread = {.threads = 1};
    kernel_tunables tun;
    variant_tunables(e, &tun);
    net_copy_params(st->ref, st->model);
    if (net_forward(st->ref, st->x, variant_kernel(e->variant), &tun, NULL, NULL) != KERNEL_DONE)
        return NAN;
    size_t count = (size_t)st->batch * NET_CLASSES;
    double *mine = malloc(count * sizeof *mine);
    if (!mine)
        return NAN;
    memcpy(mine, net_logits(st->ref), count * sizeof *mine);
    double err = NAN;
    if (net_forward(st->ref, st->x, variant_reference_kernel(), &one_thread, NULL, NULL) ==
        KERNEL_DONE)
        err = check_max_rel_err(mine, net_logits(st->ref), count);
    free(mine);
    return err;
}

/* One whole step from the same weights, variant against the reference: compares the updated
 * parameters, so the backward pass is checked too. The model itself is not advanced. */
static double train_check(workload_state *st, const experiment *e)
{
    static const kernel_tunables one_thread = {.threads = 1};
    const size_t count = net_param_count();
    double *mine = malloc(count * sizeof *mine), *ref = malloc(count * sizeof *ref);
    double err = NAN, loss;
    if (mine && ref) {
        kernel_tunables tun;
        variant_tunables(e, &tun);
        net_copy_params(st->ref, st->model);
        int a = net_train_step(st->ref, st->x, st->labels, LEARNING_RATE,
                               variant_kernel(e->variant), &tun, NULL, NULL, &loss);
        net_export_params(st->ref, mine);
        net_copy_params(st->ref, st->model);
        int b = net_train_step(st->ref, st->x, st->labels, LEARNING_RATE,
                               variant_reference_kernel(), &one_thread, NULL, NULL, &loss);
        net_export_params(st->ref, ref);
        if (a == KERNEL_DONE && b == KERNEL_DONE)
            err = check_max_rel_err(mine, ref, count);
    }
    free(mine);
    free(ref);
    return err;
}

static void forward_progress(workload_state *st, double *loss, double *accuracy, long *step)
{
    (void)st;
    *loss = *accuracy = NAN;
    *step = 0;
}

/* Accuracy on the held-out set with the current weights (the reference variant: this is
 * bookkeeping, not the measured work). */
static double heldout_accuracy(workload_state *st)
{
    static const kernel_tunables one_thread = {.threads = 1};
    const dataset *d = &st->heldout;
    int correct = 0, seen = 0;
    net_copy_params(st->ref, st->model);
    for (long first = 0; first < d->count; first += st->batch) {
        dataset_batch(d, first, st->batch, st->x, st->labels);
        if (net_forward(st->ref, st->x, variant_reference_kernel(), &one_thread, NULL, NULL) !=
            KERNEL_DONE)
            return NAN;
        const double *logits = net_logits(st->ref);
        for (int i = 0; i < st->batch && first + i < d->count; i++, seen++) {
            int best = 0;
            for (int j = 1; j < NET_CLASSES; j++)
                if (logits[i * NET_CLASSES + j] > logits[i * NET_CLASSES + best])
                    best = j;
            correct += best == st->labels[i];
        }
    }
    return seen ? (double)correct / seen : NAN;
}

static void train_progress(workload_state *st, double *loss, double *accuracy, long *step)
{
    *loss = st->loss_count ? st->loss_sum / st->loss_count : st->last_loss;
    st->loss_sum = 0.0;
    st->loss_count = 0;
    *accuracy = heldout_accuracy(st);
    *step = st->step;
    /* put the current training batch back for the next check */
    dataset_batch(&st->train, (st->step ? st->step - 1 : 0) * st->batch, st->batch, st->x,
                  st->labels);
}

const workload_ops workload_net_ops = {
    .kind = WORKLOAD_NET,
    .create = net_state_create,
    .run = forward_run,
    .check = forward_check,
    .progress = forward_progress,
    .destroy = net_state_destroy,
};

const workload_ops workload_train_ops = {
    .kind = WORKLOAD_TRAIN,
    .create = net_state_create,
    .run = train_run,
    .check = train_check,
    .progress = train_progress,
    .destroy = net_state_destroy,
};
