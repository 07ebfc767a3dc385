/* The matmul workload: C = A * B on seeded random operands, checked against the reference variant.
 */
#include "core/workload.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/check.h"
#include "core/rng.h"
#include "core/variant_call.h"

struct workload_state {
    int m, n, k;
    double *a, *b, *c, *ref;
    int have_ref;
};

/* Values uniform in [-1, 1). */
static void fill_uniform(double *x, size_t count, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < count; i++)
        x[i] = 2.0 * rng_unit(&s) - 1.0;
}

void workload_matmul_fill(unsigned seed, double *a, size_t na, double *b, size_t nb)
{
    fill_uniform(a, na, seed);
    fill_uniform(b, nb, (uint64_t)seed * 7919u + 1u);
}

static void matmul_destroy(workload_state *st)
{
    if (!st)
        return;
    free(st->a);
    free(st->b);
    free(st->c);
    free(st->ref);
    free(st);
}

static workload_state *matmul_create(const experiment *e, char *err, size_t errlen)
{
    workload_state *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    st->m = e->m;
    st->n = e->n;
    st->k = e->k;
    size_t na = (size_t)e->m * e->k, nb = (size_t)e->k * e->n, nc = (size_t)e->m * e->n;
    st->a = malloc(na * sizeof(double));
    st->b = malloc(nb * sizeof(double));
    st->c = malloc(nc * sizeof(double));
    st->ref = malloc(nc * sizeof(double));
    if (!st->a || !st->b || !st->c || !st->ref) {
        snprintf(err, errlen, "out of memory for %dx%dx%d matrices", e->m, e->n, e->k);
        matmul_destroy(st);
        return NULL;
    }
    workload_matmul_fill(e->seed, st->a, na, st->b, nb);
    for (size_t i = 0; i < nc; i++)
        st->c[i] = 0.0;
    return st;
}

static int matmul_run(workload_state *st, const experiment *e, kernel_ctl *ctl, profile *prof)
{
    (void)prof;
    kernel_tunables tun;
    variant_tunables(e, &tun);
    return variant_kernel(e->variant)
        ->run(st->m, st->n, st->k, st->a, st->k, st->b, st->n, st->c, st->n, &tun, ctl);
}

static double matmul_check(workload_state *st, const experiment *e)
{
    (void)e;
    if (!st->have_ref) {
        /* one thread: no library threads left spinning after the check */
        kernel_tunables tun = {.threads = 1};
        variant_reference_kernel()->run(st->m, st->n, st->k, st->a, st->k, st->b, st->n, st->ref,
                                        st->n, &tun, NULL);
        st->have_ref = 1;
    }
    return check_max_rel_err(st->c, st->ref, (size_t)st->m * st->n);
}

static void matmul_progress(workload_state *st, double *loss, double *accuracy, long *step)
{
    (void)st;
    *loss = *accuracy = NAN;
    *step = 0;
}

const workload_ops workload_matmul_ops = {
    .kind = WORKLOAD_MATMUL,
    .create = matmul_create,
    .run = matmul_run,
    .check = matmul_check,
    .progress = matmul_progress,
    .destroy = matmul_destroy,
};
