/* The one table of matmul variants, in ladder order. */
#include "kernels.h"

#include <string.h>

static const kernel_info registry[] = {
    {.name = "naive",
     .summary = "ijk triple loop, B walked by column",
     .run = kernel_naive},
    {.name = "reordered",
     .summary = "ikj loop order, unit-stride inner loop",
     .run = kernel_reordered},
    {.name = "blocked",
     .summary = "ikj on block x block tiles",
     .tunables = KERNEL_USES_BLOCK,
     .run = kernel_blocked},
    {.name = "packed",
     .summary = "blocked, tiles copied to contiguous buffers",
     .tunables = KERNEL_USES_BLOCK,
     .run = kernel_packed,
     .workspace = kernel_packed_workspace},
    {.name = "microkernel",
     .summary = "BLIS-style: packed panels, register tile, SIMD",
     .tunables = KERNEL_USES_THREADS | KERNEL_USES_CACHE_BLOCKS,
     .run = kernel_microkernel,
     .workspace = kernel_microkernel_workspace},
    {.name = "openblas",
     .summary = "cblas_dgemm from OpenBLAS",
     .tunables = KERNEL_USES_THREADS,
     .run = kernel_openblas},
};

int kernel_count(void)
{
    return (int)(sizeof registry / sizeof registry[0]);
}

const kernel_info *kernel_at(int index)
{
    return index >= 0 && index < kernel_count() ? &registry[index] : NULL;
}

int kernel_index(const char *name)
{
    for (int i = 0; i < kernel_count(); i++)
        if (strcmp(registry[i].name, name) == 0)
            return i;
    return -1;
}

const kernel_info *kernel_find(const char *name)
{
    return kernel_at(kernel_index(name));
}

size_t kernel_workspace(const kernel_info *info, int m, int n, int k,
                        const kernel_tunables *tun)
{
    return info->workspace ? info->workspace(m, n, k, tun) : 0;
}

int kernel_threads_used(const kernel_info *info, const kernel_tunables *tun)
{
    if (!(info->tunables & KERNEL_USES_THREADS))
        return 1;
    return tun && tun->threads > 0 ? tun->threads : 1;
}
