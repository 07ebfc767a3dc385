/* The AVX-512 register tile, 8 x 24: 24 accumulators, three B vectors and a broadcast in 28
 * of the 32 zmm registers. Measured against 6x16, 8x16, 6x24, 12x16, 14x16 and 24x8, each
 * with the model's blocks: 8x24 and 6x24 lead; 24x8 runs out of registers for the row
 * pointers of A. Compiled for AVX-512F by target attribute; mk_select calls it only where
 * the CPU has it. */
#include <immintrin.h>

#include "microkernel.h"

#define TARGET __attribute__((target("avx512f")))
#define MAX_VECS 3

/* A rows x (8 * vecs) tile: C in rows * vecs accumulators, a row of the B sliver in vecs
 * registers, A broadcast one element at a time from each of its rows. Instantiated with
 * constants, so that every loop unrolls and the accumulators live in registers. */
TARGET __attribute__((always_inline)) static inline void tile(const int rows, const int vecs,
                                                              int kc, const double *a,
                                                              const double *b, double *c, int ldc,
                                                              int accumulate)
{
    __m512d acc[MK_MAX_ROWS][MAX_VECS];
    const double *row[MK_MAX_ROWS];
#pragma GCC unroll 16
    for (int i = 0; i < rows; i++) {
        row[i] = a + (long)i * kc;
#pragma GCC unroll 3
        for (int v = 0; v < vecs; v++)
            acc[i][v] = _mm512_setzero_pd();
            /* C comes last; fetch it while the k loop runs, so the update does not stall. A row
             * of 8 * vecs doubles spans vecs + 1 lines when C is not 64-byte aligned. */
#pragma GCC unroll 3
        for (int v = 0; v < vecs; v++)
            _mm_prefetch((const char *)(c + (long)i * ldc + 8L * v), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + (long)i * ldc + 8L * vecs - 1), _MM_HINT_T0);
    }
    /* two k steps per iteration: measured 3-7% faster than one, no better with four */
#pragma GCC unroll 2
    for (int p = 0; p < kc; p++, b += 8L * vecs) {
        __m512d bv[MAX_VECS];
#pragma GCC unroll 3
        for (int v = 0; v < vecs; v++)
            bv[v] = _mm512_load_pd(b + 8L * v);
#pragma GCC unroll 16
        for (int i = 0; i < rows; i++) {
            const __m512d x = _mm512_set1_pd(row[i][p]);
#pragma GCC unroll 3
            for (int v = 0; v < vecs; v++)
                acc[i][v] = _mm512_fmadd_pd(x, bv[v], acc[i][v]);
        }
    }
#pragma GCC unroll 16
    for (int i = 0; i < rows; i++) {
        double *ci = c + (long)i * ldc;
#pragma GCC unroll 3
        for (int v = 0; v < vecs; v++) {
            __m512d r = acc[i][v];
            if (accumulate)
                r = _mm512_add_pd(r, _mm512_loadu_pd(ci + 8L * v));
            _mm512_storeu_pd(ci + 8L * v, r);
        }
    }
}

TARGET static void avx512_8x24(int kc, const double *a, const double *b, double *c, int ldc,
                               int accumulate)
{
    tile(8, 3, kc, a, b, c, ldc, accumulate);
}

const mk_ukernel mk_avx512_8x24 = {.name = "avx512", .rows = 8, .cols = 24, .run = avx512_8x24};
