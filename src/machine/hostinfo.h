/* Facts about the machine that matter when reading matmul numbers. */
#ifndef TTTOP_HOSTINFO_H
#define TTTOP_HOSTINFO_H

#include <stdbool.h>
#include <stddef.h>

/* One cache as sysfs describes it; 0 where unknown. */
typedef struct host_cache {
    size_t bytes;
    int ways; /* ways_of_associativity (0 unknown) */
    int line; /* coherency_line_size in bytes */
    int sets; /* number_of_sets */
} host_cache;

typedef struct hostinfo {
    char cpu_model[128];
    char cpu_short[64];                   /* "Intel Xeon", "AMD EPYC 9B45": for a header line */
    int cores;                            /* online logical CPUs */
    size_t l1d_bytes, l2_bytes, l3_bytes; /* 0 when unknown */
    host_cache l1d, l1i, l2, l3;          /* geometry of cpu0's caches (the simulation's) */
    size_t line_bytes;                    /* cache line, 0 when unknown */
    double mhz;                           /* nominal clock, 0 when unknown */
    const char *simd;                     /* "avx512", "avx2+fma", "avx", "sse2" */
    /* No peak here: the nominal clock times the widest ISA's FLOPs per cycle is wrong both
     * ways (boost clocks, AVX-512 run at 256 bits a cycle); machine/figures.h measures it. */
    bool virtualized;        /* hypervisor flag in /proc/cpuinfo */
    int perf_event_paranoid; /* -100 when unreadable */
    bool pmu_visible;        /* /sys/bus/event_source/devices/cpu (or cpu_core) exists */
    char blas_core[64];      /* openblas_get_corename() */
    char blas_config[160];   /* openblas_get_config() */
} hostinfo;

/* Read once; cheap afterwards. Never fails: unknown facts stay 0/empty. */
const hostinfo *hostinfo_get(void);

#endif
