/* Internals of the microkernel rung: block sizes in one context, and the register-tile
 * kernels it can pick at run time. */
#ifndef TTTOP_MICROKERNEL_H
#define TTTOP_MICROKERNEL_H

#include "kernels.h"

#define MK_ALIGN 64
#define MK_MAX_MR 8
#define MK_MAX_NR 24
#define MK_MAX_THREADS KERNEL_MAX_THREADS

/* Sized for Zen-class cores: KC x NR of B in L1, MC x KC of A in L2, KC x NC of B in L3. */
#define MK_DEFAULT_MC 96
#define MK_DEFAULT_KC 256
#define MK_DEFAULT_NC 4080

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

int kernel_microkernel(int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                       double *c, int ldc, const kernel_tunables *tun, kernel_ctl *ctl);
size_t kernel_microkernel_workspace(int m, int n, int k, const kernel_tunables *tun);
/* The tile these tunables run ("avx512", "avx2+fma" or "generic"). */
const char *kernel_microkernel_isa(const kernel_tunables *tun);

#endif
