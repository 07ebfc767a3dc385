/* The top rung: the library. OpenBLAS picks its own kernel for this CPU at load time. */
#include "kernels.h"

#include <cblas.h>

int kernel_openblas(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
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

/* Exported by OpenBLAS's pthread build; absent from others, hence weak. */
extern void blas_thread_shutdown_(void) __attribute__((weak));

void kernel_openblas_release_threads(void)
{
    if (blas_thread_shutdown_)
        blas_thread_shutdown_();
}

bool kernel_openblas_threads_linger(const kernel_info *info, const kernel_tunables *tun)
{
    return info->run == kernel_openblas && tun && tun->threads > 1;
}
