/* Internals of the microkernel rung: block sizes in one context, the cache model that
 * picks them, the packing routines, and the register-tile kernels chosen at run time. */
#ifndef TTTOP_MICROKERNEL_H
#define TTTOP_MICROKERNEL_H

#include "kernels.h"

#define MK_MAX_MR 16
#define MK_MAX_NR 24

/* Bounds on the model's choice, which keep the packing buffers modest where a machine
 * reports a huge cache (a virtual machine may show the whole host's L3). */
#define MK_MAX_MC 4096
#define MK_MAX_KC 1024
#define MK_MAX_NC 8160

/* C[MR x NR] (=|+=) A_sliver[kc x MR]^T * B_sliver[kc x NR]; accumulate 0 overwrites C. */
typedef void (*mk_tile_fn)(int kc, const double *a, const double *b, double *c, int ldc,
                           int accumulate);

typedef struct mk_ukernel {
    const char *name;
    int mr, nr;
    mk_tile_fn run;
} mk_ukernel;

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
extern const mk_ukernel mk_avx512_14x16;
extern const mk_ukernel mk_avx512_12x16;

/* MC, KC, NC for an MR x NR tile on these caches (see mk_model.c). */
void mk_model_blocks(const kernel_caches *caches, int mr, int nr, int *mc, int *kc, int *nc);
/* The geometry assumed until kernel_set_caches is called. */
const kernel_caches *mk_default_caches(void);

/* kc x nc of B (leading dimension ldb) into NR-wide slivers, each kc rows of NR; columns
 * past nc are zero. */
void mk_pack_b(double *restrict dst, const double *restrict b, int ldb, int kc, int nc, int nr);
/* mc x kc of A into MR-tall slivers, each kc columns of MR; rows past mc are zero. */
void mk_pack_a(double *restrict dst, const double *restrict a, int lda, int mc, int kc, int mr);

#endif
