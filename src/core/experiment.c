#include "core/experiment.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/variant_call.h"
#include "core/workload.h"
#include "machine/memory.h"
#include "net/net.h"

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
        .variant = variant_first_shown(),
        .m = 500,
        .n = 500,
        .k = 500,
        .batch = 64,
        .min_reps = 1,
        .min_time = 0.2,
        .seed = 42,
    };
    experiment_set_threads(&e, 1);
    return e;
}

static bool same_per_setting_knobs(const experiment *a, const experiment *b)
{
    for (int k = 0; k < variants_knob_count(); k++)
        if (variants_knob(k)->per_setting && a->knob[k] != b->knob[k])
            return false;
    return true;
}

bool experiment_same_setting(const experiment *a, const experiment *b)
{
    if (a->workload != b->workload || !same_per_setting_knobs(a, b))
        return false;
    if (a->workload == WORKLOAD_MATMUL)
        return a->m == b->m && a->n == b->n && a->k == b->k;
    return a->batch == b->batch;
}

bool experiment_same_run(const experiment *a, const experiment *b)
{
    return experiment_same_setting(a, b) && a->variant == b->variant &&
           memcmp(a->knob, b->knob, sizeof a->knob) == 0 && a->isa == b->isa && a->seed == b->seed;
}

bool experiment_equal(const experiment *a, const experiment *b)
{
    return experiment_same_run(a, b) && a->workload == b->workload && a->min_reps == b->min_reps &&
           a->min_time == b->min_time && a->m == b->m && a->n == b->n && a->k == b->k &&
           a->batch == b->batch;
}

int experiment_threads(const experiment *e)
{
    int t = e->knob[variants_threads_knob()];
    return t > 0 ? t : 1;
}

void experiment_set_threads(experiment *e, int threads)
{
    e->knob[variants_threads_knob()] = threads;
}

void experiment_resolve(const experiment *e, experiment_knobs *out)
{
    memset(out, 0, sizeof *out);
    const kernel_info *info = variant_kernel(e->variant);
    if (!info)
        return;
    kernel_tunables tun = {.isa = e->isa};
    for (int k = 0; k < KERNEL_KNOB_COUNT; k++) {
        if (!kernel_uses(info, (kernel_knob)k))
            continue;
        int tuned = variants_tuned_get(e->variant, k);
        if (e->knob[k] > 0) {
            out->source[k] = KNOB_GIVEN;
            kernel_tunables_set(&tun, (kernel_knob)k, e->knob[k]);
        } else if (tuned > 0) {
            out->source[k] = KNOB_TUNED;
            kernel_tunables_set(&tun, (kernel_knob)k, tuned);
        } else {
            out->source[k] =
                kernel_tunable_of(info, (kernel_knob)k)->def > 0 ? KNOB_DEFAULT : KNOB_MODEL;
        }
    }
    const bool matmul = e->workload == WORKLOAD_MATMUL;
    kernel_effective(info, matmul ? e->m : e->batch, matmul ? e->n : 256,
                     matmul ? e->k : NET_INPUTS, &tun);
    for (int k = 0; k < KERNEL_KNOB_COUNT; k++)
        out->value[k] =
            out->source[k] == KNOB_UNUSED ? 0 : kernel_tunables_get(&tun, (kernel_knob)k);
}

void variant_tunables(const experiment *e, kernel_tunables *out)
{
    experiment_knobs kn;
    experiment_resolve(e, &kn);
    memset(out, 0, sizeof *out);
    out->isa = e->isa;
    for (int k = 0; k < KERNEL_KNOB_COUNT; k++)
        kernel_tunables_set(out, (kernel_knob)k, kn.value[k]);
    if (out->threads < 1)
        out->threads = 1;
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

double experiment_min_bytes(const experiment *e)
{
    if (e->workload != WORKLOAD_MATMUL)
        return NAN;
    return 8.0 * ((double)e->m * e->k + (double)e->k * e->n + (double)e->m * e->n);
}

size_t experiment_workspace_bytes(const experiment *e)
{
    const kernel_info *info = variant_kernel(e->variant);
    if (!info || e->workload != WORKLOAD_MATMUL)
        return 0;
    kernel_tunables tun;
    variant_tunables(e, &tun);
    return kernel_workspace(info, e->m, e->n, e->k, &tun);
}

size_t experiment_data_bytes(const experiment *e)
{
    switch (e->workload) {
    case WORKLOAD_MATMUL:
        /* A, B, C and the reference C */
        return sizeof(double) *
               ((size_t)e->m * e->k + (size_t)e->k * e->n + 2 * (size_t)e->m * e->n);
    case WORKLOAD_NET:
        return workload_net_bytes(e->batch, false);
    case WORKLOAD_TRAIN:
        return workload_net_bytes(e->batch, true);
    default:
        return 0;
    }
}

int experiment_validate(const experiment *e, char *err, size_t errlen)
{
    if (!variant_kernel(e->variant)) {
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
        snprintf(err, errlen, "batch size %d out of range (1..%d)", e->batch, EXPERIMENT_MAX_BATCH);
        return -1;
    }
    for (int k = 0; k < variants_knob_count(); k++) {
        const variant_tunable *t = variants_knob(k);
        if (e->knob[k] != 0 && (e->knob[k] < t->min || e->knob[k] > t->max)) {
            snprintf(err, errlen, "%s %d out of range (%d..%d)", t->label, e->knob[k], t->min,
                     t->max);
            return -1;
        }
    }
    /* what is available now, not the machine's total; and within ulimit -v */
    const size_t need = experiment_data_bytes(e) + experiment_workspace_bytes(e);
    memory_state mem;
    memory_read(&mem);
    char shape[64];
    experiment_describe_shape(e, shape, sizeof shape);
    return memory_fits(&mem, need, experiment_threads(e), shape, err, errlen);
}

const char *experiment_variant_name(const experiment *e)
{
    return variant_name(e->variant);
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
