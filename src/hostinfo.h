/* Facts about the machine that matter when reading matmul numbers. */
#ifndef TTTOP_HOSTINFO_H
#define TTTOP_HOSTINFO_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hostinfo {
    char cpu_model[128];
    int cores;            /* online logical CPUs */
    size_t l1d_bytes, l2_bytes, l3_bytes; /* 0 when unknown */
    int l1d_ways, l2_ways, l3_ways, cache_line; /* 0 when unknown */
    double mhz;           /* nominal clock, 0 when unknown */
    int flops_per_cycle;  /* double precision per core, from the best SIMD the CPU has */
    const char *simd;     /* "avx512", "avx2+fma", "avx", "sse2" */
    double peak_gflops;   /* per core, 0 when the clock is unknown */
    bool virtualized;     /* hypervisor flag in /proc/cpuinfo */
    int perf_event_paranoid; /* -100 when unreadable */
    bool pmu_visible;        /* /sys/bus/event_source/devices/cpu (or cpu_core) exists */
    char blas_core[64];      /* openblas_get_corename() */
    char blas_config[160];   /* openblas_get_config() */
    const char *microkernel_isa;
} hostinfo;

/* Read once; cheap afterwards. Never fails: unknown facts stay 0/empty. */
const hostinfo *hostinfo_get(void);

#endif
