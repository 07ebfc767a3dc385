/* Internals of the microkernel rung: block sizes in one context, the cache model that
 * picks them, the packing routines, and the register-tile kernels chosen at run time. */
#ifndef TTTOP_MICROKERNEL_H
#define TTTOP_MICROKERNEL_H

#include "kernels.h"

/* The largest register tile, in rows and columns of C. */
#define MK_MAX_ROWS 8
#define MK_MAX_COLS 24

/* Bounds on the model's choice, which keep the packing buffers modest where a machine
 * reports a huge cache (a virtual machine may show the whole host's L3). */
#define MK_MAX_MC 4096
#define MK_MAX_KC 1024
#define MK_MAX_NC 8160

/* C[rows x cols] (=|+=) A_sliver[rows x kc] * B_sliver[kc x cols], both slivers row-major
 * (row i of A at a + i * kc; row p of B at b + p * cols, 64-byte aligned); accumulate 0
 * overwrites C. */
typedef void (*mk_tile_fn)(int kc, const double *a, const double *b, double *c, int ldc,
                           int accumulate);

typedef struct mk_ukernel {
    const char *name;
    int rows, cols; /* of the tile of C it keeps in registers; cols is the vector dimension */
    mk_tile_fn run;
} mk_ukernel;

/* Block sizes of one call, named as in BLIS for C^T = B^T A^T (see microkernel.c): MR is the
 * tile's columns and NR its rows; MC blocks the columns of C, NC its rows. */
typedef struct mk_context {
    const mk_ukernel *ukernel;
    int mr, nr;
    int mc, kc, nc;
} mk_context;

/* The best micro-kernel this CPU runs, or the one forced by isa (enum kernel_isa); a
 * forced ISA the CPU lacks falls back to the portable kernel. */
const mk_ukernel *mk_select(int isa);

extern const mk_ukernel mk_generic_4x4;
extern const mk_ukernel mk_avx2_6x8;
extern const mk_ukernel mk_avx512_8x24;

/* MC, KC, NC for an MR x NR micro-tile (BLIS's names: an MR x KC micro-panel streams through
 * L1 while a KC x NR one stays) on these caches; see mk_model.c. */
void mk_model_blocks(const kernel_caches *caches, int mr, int nr, int *mc, int *kc, int *nc);
/* The geometry assumed until kernel_set_caches is called. */
const kernel_caches *mk_default_caches(void);

int kernel_microkernel(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                       double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl);
size_t kernel_microkernel_workspace(int m, int n, int k, const kernel_tunables *tun);
/* The tile these tunables run ("avx512", "avx2+fma" or "generic"). */
const char *kernel_microkernel_isa(const kernel_tunables *tun);
/* The MC, KC and NC the microkernel runs with for these tunables: the explicit ones, and the
 * cache model's choice for those left at 0. */
void kernel_microkernel_blocks(const kernel_tunables *tun, int *mc, int *kc, int *nc);
/* Stops the microkernel's worker threads and frees its cached buffers; the next call starts
 * them again. Also done at exit. */
void kernel_microkernel_release(void);

/* kc x cols of B (leading dimension ldb) into slivers `width` columns wide, each kc rows of
 * width; columns past cols are zero. */
void mk_pack_b(double *restrict dst, const double *restrict b, int ldb, int kc, int cols,
               int width);
/* rows x kc of A into slivers `height` rows tall, each height rows of kc; rows past `rows`
 * are zero. */
void mk_pack_a(double *restrict dst, const double *restrict a, int lda, int rows, int kc,
               int height);

#endif
