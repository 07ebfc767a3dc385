/* The few calls the counter layer makes, behind a table so that tests can stand in a fake
 * PMU (permission errors, conflicts) that no real host here can produce. Return values
 * are PAPI's: PAPI_OK or a negative PAPI error code. */
#ifndef TTTOP_COUNTER_BACKEND_H
#define TTTOP_COUNTER_BACKEND_H

#include <stddef.h>

typedef struct counter_backend {
    int (*init)(void); /* library and thread support; called once per counters_open */
    int (*create)(int *set);
    int (*add)(int set, const char *name);
    int (*start)(int set);
    int (*read)(int set, long long *values);
    int (*stop)(int set, long long *values);
    void (*destroy)(int set);
    const char *(*strerror)(int code);
    /* Why hardware events cannot be reached at all (e.g. PAPI's perf_event component is
     * disabled), or NULL when they can. */
    const char *(*disabled_reason)(void);
} counter_backend;

/* PAPI for every event it can count; the kernel's software events (perf::TASK-CLOCK ...)
 * through perf_event_open directly where PAPI cannot reach them: libpfm4 disables PAPI's
 * whole perf_event component on CPUs it does not know, software events included. */
extern const counter_backend counter_backend_papi;

/* The kernel's software events ("perf::TASK-CLOCK", "perf::PAGE-FAULTS" ...). */
int perf_software_known(const char *name);
/* perf_event_open of one for the calling thread, disabled: a file descriptor, or a
 * negative PAPI code. */
int perf_software_open(const char *name);

#endif
