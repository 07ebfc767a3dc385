#include "core/sweep.h"

#include <math.h>

int sweep_tuned_knobs(int v, int *knobs)
{
    int n = 0;
    for (int i = 0; i < variant_tunable_count(v); i++) {
        const variant_tunable *t = variant_tunable_at(v, i);
        if (t->tuned && t->steps && t->nsteps > 0)
            knobs[n++] = t->knob;
    }
    return n;
}

long sweep_candidate_count(const int *knobs, int nknobs)
{
    long n = 1;
    for (int i = 0; i < nknobs; i++)
        n *= variants_knob(knobs[i])->nsteps;
    return n;
}

void sweep_candidate(experiment *e, const int *knobs, int nknobs, long index)
{
    for (int i = nknobs - 1; i >= 0; i--) {
        const variant_tunable *t = variants_knob(knobs[i]);
        e->knob[knobs[i]] = t->steps[index % t->nsteps];
        index /= t->nsteps;
    }
}

int sweep_sizes(int n, int *out, int cap)
{
    if (cap < 1 || n < 1)
        return 0;
    int down[64], count = 0;
    for (double s = n; count < 64 && count < cap && lround(s) >= SWEEP_MIN_SIZE; s /= sqrt(2.0)) {
        const int size = (int)lround(s);
        if (count == 0 || size != down[count - 1])
            down[count++] = size;
    }
    if (count == 0)
        down[count++] = n; /* a setting under the minimum is its own sweep */
    for (int i = 0; i < count; i++)
        out[i] = down[count - 1 - i];
    return count;
}

static int scaled(int dim, int n, int size)
{
    const long v = lround((double)dim * size / n);
    return v < 1 ? 1 : (int)v;
}

int sweep_size_plan(const experiment *e, double min_time, experiment *out, int cap)
{
    if (e->workload != WORKLOAD_MATMUL)
        return 0;
    int sizes[16];
    const int ns = sweep_sizes(e->n, sizes, 16);
    int count = 0;
    for (int i = 0; i < ns; i++)
        for (int v = 0; v < variants_count() && count < cap; v++) {
            experiment p = *e;
            p.variant = v;
            p.m = scaled(e->m, e->n, sizes[i]);
            p.k = scaled(e->k, e->n, sizes[i]);
            p.n = sizes[i];
            p.min_time = min_time;
            p.min_reps = 1;
            out[count++] = p;
        }
    return count;
}

int sweep_tune_plan(const experiment *e, double min_time, experiment *out, int cap)
{
    int knobs[VARIANT_MAX_KNOBS];
    const int nknobs = sweep_tuned_knobs(e->variant, knobs);
    if (nknobs == 0)
        return 0;
    const long total = sweep_candidate_count(knobs, nknobs);
    int count = 0;
    for (long c = 0; c < total && count < cap; c++) {
        experiment p = *e;
        sweep_candidate(&p, knobs, nknobs, c);
        p.min_time = min_time;
        p.min_reps = 1;
        out[count++] = p;
    }
    return count;
}
