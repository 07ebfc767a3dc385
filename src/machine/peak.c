#include "machine/peak.h"

#include <math.h>

#include "machine/hostinfo.h"

int machine_usable_cores(int threads)
{
    const int cores = hostinfo_get()->cores;
    if (threads < 1)
        threads = 1;
    return cores > 0 && threads > cores ? cores : threads;
}

double machine_peak_gflops(const sample *s, void *ctx)
{
    (void)ctx;
    const hostinfo *h = hostinfo_get();
    if (!(h->peak_gflops > 0))
        return NAN;
    return h->peak_gflops * machine_usable_cores(s->threads_used);
}
