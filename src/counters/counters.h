/* Hardware and software event counters through PAPI, or a clear statement of why not.
 *
 * One counter set belongs to the thread that runs the kernels: it is opened, started,
 * read and stopped on that thread only, around kernel calls (never inside them). Events
 * are added one by one and only a successful add counts as available; every other event
 * keeps a reason and a fix. When the available hardware events do not fit in one event
 * set they are split into fixed groups that rotate from one sample to the next. */
#ifndef TTTOP_COUNTERS_H
#define TTTOP_COUNTERS_H

#include <stdbool.h>

#define COUNTERS_MAX 32
#define COUNTER_NAME_MAX 64

typedef enum counter_failure {
    COUNTER_OK = 0,
    COUNTER_NOT_COUNTABLE, /* PAPI_ENOEVNT: no PMU, virtual machine */
    COUNTER_PERMISSION,    /* PAPI_EPERM: perf_event_paranoid or capabilities */
    COUNTER_SYSCALL,       /* PAPI_ESYS: perf_event_open blocked (seccomp) */
    COUNTER_CONFLICT,      /* PAPI_ECNFLCT: too many events at once */
    COUNTER_UNKNOWN_NAME,  /* PAPI_ENOTPRESET/ECMP/...: no such event */
    COUNTER_NO_LIBRARY,    /* PAPI itself could not be initialised */
    COUNTER_OTHER,
} counter_failure;

typedef struct counter_event {
    char name[COUNTER_NAME_MAX];
    bool available;
    bool software; /* counted by the kernel (perf::TASK-CLOCK ...), not the PMU */
    counter_failure failure;
    int papi_error;     /* the PAPI return code of the failed add, 0 when available */
    const char *reason; /* short, e.g. "not countable on this host (no PMU)" */
    const char *fix;    /* what the user can do about it */
    int group;          /* rotation group, -1 when unavailable */
} counter_event;

typedef struct counters counters;

/* The events tttop asks for when the user names none, hardware first. */
int counters_default_names(const char **names, int max);

/* Opens PAPI (once per process) and tries every named event. Never returns NULL for a
 * reason other than memory: a set with nothing countable still explains itself. */
counters *counters_open(const char *const *names, int count);
/* The same over another backend (tests stand in a fake PMU this way). */
struct counter_backend;
counters *counters_open_with(const struct counter_backend *be, const char *const *names, int count);
void counters_close(counters *set);

bool counters_enabled(const counters *set); /* at least one event is countable */
int counters_count(const counters *set);    /* events asked for, available or not */
const counter_event *counters_event(const counters *set, int index);
int counters_find(const counters *set, const char *name); /* -1 when not asked for */
int counters_group_count(const counters *set);
int counters_active_group(const counters *set);
/* One line for headers and reports, e.g. "hardware counters: unavailable (virtual
 * machine, no PMU) - software events only". */
const char *counters_status_line(const counters *set);

/* Start the active group; counters_read gives the counts since start without stopping;
 * counters_stop stops and advances to the next group. values has counters_count()
 * entries: events outside the active group or unavailable are NAN. Return 0 or -1. */
int counters_start(counters *set);
int counters_read(counters *set, double *values);
int counters_stop(counters *set, double *values);

#endif
