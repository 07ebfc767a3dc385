/* A cProfile-style table for one pass of a workload: time and counter deltas attributed
 * to named sections (layers, activations, loss), read around each section. */
#ifndef TTTOP_PROFILE_H
#define TTTOP_PROFILE_H

#include "counters/counters.h"

#define PROFILE_MAX_ENTRIES 16
#define PROFILE_NAME_MAX 24

typedef struct profile_entry {
    char name[PROFILE_NAME_MAX];
    long calls;
    double total_s;
    double counts[COUNTERS_MAX]; /* NAN where not counted */
} profile_entry;

typedef struct profile {
    int count;
    profile_entry entries[PROFILE_MAX_ENTRIES];
    /* private: the open section */
    counters *set;
    int nevents;
    double mark_s;
    double mark_counts[COUNTERS_MAX];
} profile;

/* set may be NULL (timing only) or a started counter set owned by this thread. */
void profile_reset(profile *p, counters *set);
void profile_enter(profile *p);
void profile_leave(profile *p, const char *name);
double profile_total(const profile *p);
/* entries[i].total_s / sum of totals, 0 when empty. */
double profile_share(const profile *p, int index);
/* Add b's entries into a by name. */
void profile_merge(profile *a, const profile *b);

#endif
