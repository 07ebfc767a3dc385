#include "machine/memory.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* OpenBLAS (cblas.h declares it; declared here so that the core needs no BLAS header). */
int openblas_get_num_threads(void);

#define MIB (1024.0 * 1024.0)
#define GIB (1024.0 * 1024.0 * 1024.0)

size_t memory_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return 0;
    char line[256];
    unsigned long long kib = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1)
            break;
    fclose(f);
    return kib > 0 && kib < SIZE_MAX / 1024 ? (size_t)kib * 1024 : 0;
}

static size_t address_space_used(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long long pages = 0;
    if (f) {
        if (fscanf(f, "%llu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    long page = sysconf(_SC_PAGESIZE);
    return (size_t)pages * (size_t)(page > 0 ? page : 4096);
}

void memory_read(memory_state *m)
{
    memset(m, 0, sizeof *m);
    m->available = memory_available();
    m->from_meminfo = m->available > 0;
    if (!m->from_meminfo) {
        long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
        m->available = pages > 0 && page > 0 ? (size_t)pages * (size_t)page : SIZE_MAX;
    }
    struct rlimit rl;
    m->as_limit = getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
                          rl.rlim_cur < (rlim_t)SIZE_MAX
                      ? (size_t)rl.rlim_cur
                      : SIZE_MAX;
    m->as_used = m->as_limit == SIZE_MAX ? 0 : address_space_used();
}

int memory_fits(const memory_state *m, size_t need, int threads, const char *what, char *err,
                size_t errlen)
{
    if (need > m->available / 10 * 9) {
        snprintf(err, errlen, "%s needs %.1f GiB but %.1f GiB of memory is available%s", what,
                 need / GIB, m->available / GIB, m->from_meminfo ? " now (MemAvailable)" : "");
        return -1;
    }
    if (m->as_limit == SIZE_MAX)
        return 0;
    const size_t left = m->as_limit > m->as_used ? m->as_limit - m->as_used : 0;
    const size_t extra = (size_t)(threads > 0 ? threads : 1) * MEMORY_THREAD_BYTES;
    if (need > left || extra > left - need) {
        snprintf(err, errlen,
                 "%s needs %.0f MiB of address space but the limit (ulimit -v, %.0f MiB) "
                 "leaves %.0f MiB",
                 what, (need + extra) / MIB, m->as_limit / MIB, left / MIB);
        return -1;
    }
    return 0;
}

int memory_check_limit(const memory_state *m, int blas_threads, char *err, size_t errlen)
{
    if (m->as_limit == SIZE_MAX)
        return 0;
    /* a fixed figure, not what is mapped now: OpenBLAS's threads may or may not hold
     * their buffers yet, and the message must not depend on that race */
    const size_t floor = MEMORY_BASE_BYTES +
                         (size_t)(blas_threads > 0 ? blas_threads : 1) * MEMORY_BLAS_THREAD_BYTES;
    if (m->as_limit >= floor)
        return 0;
    snprintf(err, errlen,
             "the address-space limit (ulimit -v) of %.0f MiB is too small: tttop needs at "
             "least %.0f MiB, as OpenBLAS reserves %.0f MiB per thread; raise or remove it",
             m->as_limit / MIB, floor / MIB, MEMORY_BLAS_THREAD_BYTES / MIB);
    return -1;
}

int memory_blas_threads(void)
{
    int n = openblas_get_num_threads();
    return n > 0 ? n : 1;
}
