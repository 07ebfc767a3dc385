/* AVX-512 register tiles. Compiled for AVX-512F by target attribute; mk_select calls them
 * only where the CPU has it. */
#include <immintrin.h>

#include "microkernel.h"

#define TARGET __attribute__((target("avx512f")))
#define MAX_VECS 3

/* An mr x (8 * vecs) tile: C rows in mr * vecs accumulators, B's row of the sliver in vecs
 * registers, A broadcast one element at a time. Instantiated with constants, so that every
 * loop unrolls and the accumulators live in registers. */
TARGET __attribute__((always_inline)) static inline void
tile(const int mr, const int vecs, int kc, const double *a, const double *b, double *c, int ldc,
     int accumulate)
{
    __m512d acc[MK_MAX_MR][MAX_VECS];
#pragma GCC unroll 16
    for (int i = 0; i < mr; i++) {
#pragma GCC unroll 3
        for (int v = 0; v < vecs; v++)
            acc[i][v] = _mm512_setzero_pd();
        /* C comes last; fetch it while the k loop runs, so the update does not stall */
        _mm_prefetch((const char *)(c + (long)i * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + (long)i * ldc + 8 * vecs - 1), _MM_HINT_T0);
    }
    for (int p = 0; p < kc; p++, a += mr, b += 8 * vecs) {
        __m512d bv[MAX_VECS];
#pragma GCC unroll 3
        for (int v = 0; v < vecs; v++)
            bv[v] = _mm512_load_pd(b + 8 * v);
#pragma GCC unroll 16
        for (int i = 0; i < mr; i++) {
            const __m512d x = _mm512_set1_pd(a[i]);
#pragma GCC unroll 3
            for (int v = 0; v < vecs; v++)
                acc[i][v] = _mm512_fmadd_pd(x, bv[v], acc[i][v]);
        }
    }
#pragma GCC unroll 16
    for (int i = 0; i < mr; i++) {
        double *ci = c + (long)i * ldc;
#pragma GCC unroll 3
        for (int v = 0; v < vecs; v++) {
            __m512d r = acc[i][v];
            if (accumulate)
                r = _mm512_add_pd(r, _mm512_loadu_pd(ci + 8 * v));
            _mm512_storeu_pd(ci + 8 * v, r);
        }
    }
}

TARGET static void avx512_8x24(int kc, const double *a, const double *b, double *c, int ldc,
                               int accumulate)
{
    tile(8, 3, kc, a, b, c, ldc, accumulate);
}

TARGET static void avx512_14x16(int kc, const double *a, const double *b, double *c, int ldc,
                                int accumulate)
{
    tile(14, 2, kc, a, b, c, ldc, accumulate);
}

TARGET static void avx512_12x16(int kc, const double *a, const double *b, double *c, int ldc,
                                int accumulate)
{
    tile(12, 2, kc, a, b, c, ldc, accumulate);
}

const mk_ukernel mk_avx512_8x24 = {.name = "avx512", .mr = 8, .nr = 24, .run = avx512_8x24};
const mk_ukernel mk_avx512_14x16 = {.name = "avx512", .mr = 14, .nr = 16, .run = avx512_14x16};
const mk_ukernel mk_avx512_12x16 = {.name = "avx512", .mr = 12, .nr = 16, .run = avx512_12x16};
