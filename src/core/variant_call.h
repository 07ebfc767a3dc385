/* The core's side of the registry: what a workload needs to call a variant. Faces use
 * core/variants.h instead; this header brings in kernels.h. */
#ifndef TTTOP_VARIANT_CALL_H
#define TTTOP_VARIANT_CALL_H

#include "core/experiment.h"
#include "kernels.h"

const kernel_info *variant_kernel(int v);
/* The tunables e's variant runs with (experiment_resolve's values). */
void variant_tunables(const experiment *e, kernel_tunables *out);
/* The reference variant with one thread: the check runs it, and leaves no threads
 * spinning behind. */
const kernel_info *variant_reference_kernel(void);

#endif
