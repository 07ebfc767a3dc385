/* How much memory a run may use: what the kernel says is available now (MemAvailable,
 * not the machine's total), and the address-space limit (ulimit -v) when one is set.
 * Under such a limit OpenBLAS's allocator retries a failed reservation forever, so the
 * limit is checked before anything is measured, and a run that would not fit refused. */
#ifndef TTTOP_MEMORY_H
#define TTTOP_MEMORY_H

#include <stdbool.h>
#include <stddef.h>

/* Address space OpenBLAS and the C library set aside per thread that calls into
 * OpenBLAS: its 128 MiB buffer, a malloc arena's reservation and a stack. */
#define MEMORY_BLAS_THREAD_BYTES ((size_t)200 << 20)
/* The program, its libraries and their first allocations. */
#define MEMORY_BASE_BYTES ((size_t)64 << 20)
/* Per thread of tttop's own: a malloc arena's reservation and a stack. */
#define MEMORY_THREAD_BYTES ((size_t)72 << 20)

typedef struct memory_state {
    size_t available;  /* bytes: MemAvailable, else the physical memory */
    bool from_meminfo; /* available is MemAvailable */
    size_t as_limit;   /* RLIMIT_AS soft limit in bytes, SIZE_MAX when none */
    size_t as_used;    /* address space mapped now */
} memory_state;

void memory_read(memory_state *m);
/* MemAvailable from /proc/meminfo in bytes, 0 when unknown. */
size_t memory_available(void);

/* A run that needs `need` bytes of data and workspace with `threads` threads, named
 * `what` ("n=2000") in the message: 0 when it fits, else -1 with a one-line reason. */
int memory_fits(const memory_state *m, size_t need, int threads, const char *what, char *err,
                size_t errlen);

/* Before anything else: 0, or -1 with a one-line reason when an address-space limit is
 * too small for OpenBLAS's threads (`blas_threads` of them). The caller must then leave
 * with _exit: OpenBLAS's threads are already stuck in their allocator and would hang a
 * normal exit. */
int memory_check_limit(const memory_state *m, int blas_threads, char *err, size_t errlen);

/* The threads OpenBLAS runs (1 when unknown). */
int memory_blas_threads(void);

#endif
