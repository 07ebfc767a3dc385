/* Packing: copies of A and B laid out in the order the micro-kernel reads them, so that its
 * loads are unit-stride and a sliver is contiguous whatever the leading dimensions. */
#include <string.h>

#include "microkernel.h"

static inline int min_int(int x, int y)
{
    return x < y ? x : y;
}

void mk_pack_b(double *restrict dst, const double *restrict b, int ldb, int kc, int nc, int nr)
{
    for (int j0 = 0; j0 < nc; j0 += nr) {
        const int w = min_int(nr, nc - j0);
        const double *src = b + j0;
        if (w == nr) {
            for (int p = 0; p < kc; p++, src += ldb, dst += nr)
                memcpy(dst, src, (size_t)nr * sizeof *dst);
            continue;
        }
        for (int p = 0; p < kc; p++, src += ldb, dst += nr) {
            memcpy(dst, src, (size_t)w * sizeof *dst);
            memset(dst + w, 0, (size_t)(nr - w) * sizeof *dst);
        }
    }
}

void mk_pack_a(double *restrict dst, const double *restrict a, int lda, int mc, int kc, int mr)
{
    for (int i0 = 0; i0 < mc; i0 += mr) {
        const int h = min_int(mr, mc - i0);
        const double *src = a + (size_t)i0 * lda;
        for (int i = 0; i < h; i++)
            for (int p = 0; p < kc; p++)
                dst[(size_t)p * mr + i] = src[(size_t)i * lda + p];
        for (int i = h; i < mr; i++)
            for (int p = 0; p < kc; p++)
                dst[(size_t)p * mr + i] = 0.0;
        dst += (size_t)mr * kc;
    }
}
