/* Register-tile kernels of the microkernel rung. The SIMD ones are compiled for their ISA
 * with target attributes, so the binary runs anywhere and picks at run time. */
#include <immintrin.h>

#include "microkernel.h"

static void generic_4x4(int kc, const double *a, const double *b, double *c, int ldc,
                        int accumulate)
{
    double t[4][4] = {{0}};
    for (int p = 0; p < kc; p++, a += 4, b += 4)
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                t[i][j] += a[i] * b[j];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            c[(long)i * ldc + j] = (accumulate ? c[(long)i * ldc + j] : 0.0) + t[i][j];
}

const mk_ukernel mk_generic_4x4 = {.name = "generic", .mr = 4, .nr = 4, .run = generic_4x4};

__attribute__((target("avx2,fma"))) static void avx2_6x8(int kc, const double *a, const double *b,
                                                         double *c, int ldc, int accumulate)
{
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
    __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
    __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
    __m256d c40 = _mm256_setzero_pd(), c41 = _mm256_setzero_pd();
    __m256d c50 = _mm256_setzero_pd(), c51 = _mm256_setzero_pd();
    for (int p = 0; p < kc; p++, a += 6, b += 8) {
        const __m256d b0 = _mm256_loadu_pd(b), b1 = _mm256_loadu_pd(b + 4);
        __m256d x = _mm256_broadcast_sd(a + 0);
        c00 = _mm256_fmadd_pd(x, b0, c00);
        c01 = _mm256_fmadd_pd(x, b1, c01);
        x = _mm256_broadcast_sd(a + 1);
        c10 = _mm256_fmadd_pd(x, b0, c10);
        c11 = _mm256_fmadd_pd(x, b1, c11);
        x = _mm256_broadcast_sd(a + 2);
        c20 = _mm256_fmadd_pd(x, b0, c20);
        c21 = _mm256_fmadd_pd(x, b1, c21);
        x = _mm256_broadcast_sd(a + 3);
        c30 = _mm256_fmadd_pd(x, b0, c30);
        c31 = _mm256_fmadd_pd(x, b1, c31);
        x = _mm256_broadcast_sd(a + 4);
        c40 = _mm256_fmadd_pd(x, b0, c40);
        c41 = _mm256_fmadd_pd(x, b1, c41);
        x = _mm256_broadcast_sd(a + 5);
        c50 = _mm256_fmadd_pd(x, b0, c50);
        c51 = _mm256_fmadd_pd(x, b1, c51);
    }
    __m256d rows[6][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
    for (int i = 0; i < 6; i++) {
        double *ci = c + (long)i * ldc;
        if (accumulate) {
            rows[i][0] = _mm256_add_pd(rows[i][0], _mm256_loadu_pd(ci));
            rows[i][1] = _mm256_add_pd(rows[i][1], _mm256_loadu_pd(ci + 4));
        }
        _mm256_storeu_pd(ci, rows[i][0]);
        _mm256_storeu_pd(ci + 4, rows[i][1]);
    }
}

const mk_ukernel mk_avx2_6x8 = {.name = "avx2+fma", .mr = 6, .nr = 8, .run = avx2_6x8};

__attribute__((target("avx512f"))) static void avx512_8x24(int kc, const double *a, const double *b,
                                                           double *c, int ldc, int accumulate)
{
    __m512d acc[8][3];
    for (int i = 0; i < 8; i++)
        acc[i][0] = acc[i][1] = acc[i][2] = _mm512_setzero_pd();
    for (int p = 0; p < kc; p++, a += 8, b += 24) {
        const __m512d b0 = _mm512_loadu_pd(b), b1 = _mm512_loadu_pd(b + 8),
                      b2 = _mm512_loadu_pd(b + 16);
        for (int i = 0; i < 8; i++) {
            const __m512d x = _mm512_set1_pd(a[i]);
            acc[i][0] = _mm512_fmadd_pd(x, b0, acc[i][0]);
            acc[i][1] = _mm512_fmadd_pd(x, b1, acc[i][1]);
            acc[i][2] = _mm512_fmadd_pd(x, b2, acc[i][2]);
        }
    }
    for (int i = 0; i < 8; i++) {
        double *ci = c + (long)i * ldc;
        for (int v = 0; v < 3; v++) {
            __m512d r = acc[i][v];
            if (accumulate)
                r = _mm512_add_pd(r, _mm512_loadu_pd(ci + (ptrdiff_t)8 * v));
            _mm512_storeu_pd(ci + (ptrdiff_t)8 * v, r);
        }
    }
}

const mk_ukernel mk_avx512_8x24 = {.name = "avx512", .mr = 8, .nr = 24, .run = avx512_8x24};

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
