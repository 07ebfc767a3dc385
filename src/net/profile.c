#include "net/profile.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void profile_reset(profile *p, counters *set)
{
    memset(p, 0, sizeof *p);
    p->set = set;
    p->nevents = counters_count(set);
    for (int i = 0; i < COUNTERS_MAX; i++)
        p->mark_counts[i] = NAN;
}

/* Names are stored truncated, so they are compared as stored. */
static profile_entry *entry_for(profile *p, const char *name)
{
    for (int i = 0; i < p->count; i++)
        if (strncmp(p->entries[i].name, name, PROFILE_NAME_MAX - 1) == 0)
            return &p->entries[i];
    if (p->count == PROFILE_MAX_ENTRIES)
        return NULL;
    profile_entry *e = &p->entries[p->count++];
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    for (int i = 0; i < COUNTERS_MAX; i++)
        e->counts[i] = NAN;
    return e;
}

void profile_enter(profile *p)
{
    if (p->set && counters_read(p->set, p->mark_counts) != 0)
        for (int i = 0; i < p->nevents; i++)
            p->mark_counts[i] = NAN;
    p->mark_s = now_s();
}

void profile_leave(profile *p, const char *name)
{
    double t = now_s();
    double counts[COUNTERS_MAX];
    bool have = p->set && counters_read(p->set, counts) == 0;
    profile_entry *e = entry_for(p, name);
    if (!e)
        return;
    e->calls++;
    e->total_s += t - p->mark_s;
    for (int i = 0; have && i < p->nevents; i++) {
        double d = counts[i] - p->mark_counts[i];
        if (isnan(d))
            continue;
        e->counts[i] = isnan(e->counts[i]) ? d : e->counts[i] + d;
    }
}

double profile_total(const profile *p)
{
    double total = 0.0;
    for (int i = 0; i < p->count; i++)
        total += p->entries[i].total_s;
    return total;
}

double profile_share(const profile *p, int index)
{
    double total = profile_total(p);
    return total > 0.0 && index >= 0 && index < p->count ? p->entries[index].total_s / total : 0.0;
}

void profile_merge(profile *a, const profile *b)
{
    for (int i = 0; i < b->count; i++) {
        const profile_entry *src = &b->entries[i];
        profile_entry *dst = entry_for(a, src->name);
        if (!dst)
            continue;
        dst->calls += src->calls;
        dst->total_s += src->total_s;
        for (int k = 0; k < COUNTERS_MAX; k++)
            if (!isnan(src->counts[k]))
                dst->counts[k] =
                    isnan(dst->counts[k]) ? src->counts[k] : dst->counts[k] + src->counts[k];
    }
}
