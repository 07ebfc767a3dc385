/* Packing: copies of A and B laid out the way the micro-kernel reads them, so that a sliver
 * is contiguous whatever the leading dimensions. Both are plain row copies (a transposing
 * pack of A costs several times more, and the micro-kernel reads MR rows of A as well as it
 * reads one column). */
#include <string.h>

#include "microkernel.h"

static inline int min_int(int x, int y)
{
    return x < y ? x : y;
}

/* One row of B into each full sliver; a constant width lets the compiler inline the copy. */
#define COPY_ROW(width)                                                                            \
    for (int s = 0; s < full; s++)                                                                 \
    memcpy(d + s * sliver, src + (size_t)s * (width), (size_t)(width) * sizeof(double))

void mk_pack_b(double *restrict dst, const double *restrict b, int ldb, int kc, int nc, int nr)
{
    const int full = nc / nr, rest = nc - full * nr;
    const size_t sliver = (size_t)kc * nr;
    /* row by row: B is read sequentially, once, while the slivers fill side by side */
    for (int p = 0; p < kc; p++) {
        const double *src = b + (size_t)p * ldb;
        double *d = dst + (size_t)p * nr;
        switch (nr) {
        case 24:
            COPY_ROW(24);
            break;
        case 16:
            COPY_ROW(16);
            break;
        case 8:
            COPY_ROW(8);
            break;
        case 4:
            COPY_ROW(4);
            break;
        default:
            COPY_ROW(nr);
            break;
        }
        if (rest) {
            memcpy(d + full * sliver, src + (size_t)full * nr, (size_t)rest * sizeof *d);
            memset(d + full * sliver + rest, 0, (size_t)(nr - rest) * sizeof *d);
        }
    }
}

void mk_pack_a(double *restrict dst, const double *restrict a, int lda, int rows, int kc,
               int height)
{
    const int mr = height;
    for (int i0 = 0; i0 < rows; i0 += mr, dst += (size_t)mr * kc) {
        const int h = min_int(mr, rows - i0);
        for (int i = 0; i < h; i++)
            memcpy(dst + (size_t)i * kc, a + (size_t)(i0 + i) * lda, (size_t)kc * sizeof *dst);
        memset(dst + (size_t)h * kc, 0, (size_t)(mr - h) * kc * sizeof *dst);
    }
}
