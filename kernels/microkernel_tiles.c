/* The portable register tile, and the choice among the tiles at run time. */
#include "microkernel.h"

static void generic_4x4(int kc, const double *a, const double *b, double *c, int ldc,
                        int accumulate)
{
    double t[4][4] = {{0}};
    for (int p = 0; p < kc; p++, b += 4)
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                t[i][j] += a[(long)i * kc + p] * b[j];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            c[(long)i * ldc + j] = (accumulate ? c[(long)i * ldc + j] : 0.0) + t[i][j];
}

const mk_ukernel mk_generic_4x4 = {.name = "generic", .rows = 4, .cols = 4, .run = generic_4x4};

static int has_avx2_fma(void)
{
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

const mk_ukernel *mk_select(int isa)
{
    __builtin_cpu_init();
    switch (isa) {
    case KERNEL_ISA_GENERIC:
        return &mk_generic_4x4;
    case KERNEL_ISA_AVX2:
        return has_avx2_fma() ? &mk_avx2_6x8 : &mk_generic_4x4;
    case KERNEL_ISA_AVX512:
        return __builtin_cpu_supports("avx512f") ? &mk_avx512_8x24 : &mk_generic_4x4;
    default:
        if (__builtin_cpu_supports("avx512f"))
            return &mk_avx512_8x24;
        return has_avx2_fma() ? &mk_avx2_6x8 : &mk_generic_4x4;
    }
}
