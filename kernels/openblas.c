/* The top rung: the library. OpenBLAS picks its own kernel for this CPU at load time. */
#include "kernels.h"

#include <cblas.h>

#include "tunables.h"

static int openblas_run(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                        double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl)
{
    /* The thread count is process-wide in OpenBLAS: set it on every call, from the
     * thread that runs the kernels. */
    openblas_set_num_threads(tun && tun->threads > 0 ? tun->threads : 1);
    kernel_progress_begin(ctl, 1);
    if (kernel_should_stop(ctl))
        return KERNEL_CANCELLED;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, a, lda, b, ldb, 0.0, c,
                ldc);
    kernel_progress_add(ctl, 1);
    return KERNEL_DONE;
}

/* Exported by OpenBLAS's pthread build; absent from others, hence weak. After a threaded
 * call OpenBLAS's workers spin for ~0.1 s (a timeout read once at load), stealing a core
 * from whatever runs next on a small machine: this stops them; the next call restarts
 * them. */
extern void blas_thread_shutdown_(void) __attribute__((weak));

static void openblas_release(void)
{
    if (blas_thread_shutdown_)
        blas_thread_shutdown_();
}

static bool openblas_lingers(const kernel_tunables *tun)
{
    return tun && tun->threads > 1;
}

const kernel_info kernel_variant_openblas = {
    .name = "openblas",
    .summary = "cblas_dgemm from OpenBLAS",
    .lesson = "the library: assembly kernels tuned for this CPU at load time",
    .role = KERNEL_ROLE_REFERENCE,
    .tunables = (const kernel_tunable *const[]){&kernel_tunable_threads, NULL},
    .run = openblas_run,
    .lingers = openblas_lingers,
    .release = openblas_release,
};
