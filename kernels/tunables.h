/* The shared tunable descriptions variants point at from their registry entries. */
#ifndef TTTOP_TUNABLES_H
#define TTTOP_TUNABLES_H

#include "kernels.h"

extern const kernel_tunable kernel_tunable_block;
extern const kernel_tunable kernel_tunable_threads;
extern const kernel_tunable kernel_tunable_mc;
extern const kernel_tunable kernel_tunable_kc;
extern const kernel_tunable kernel_tunable_nc;

#endif
