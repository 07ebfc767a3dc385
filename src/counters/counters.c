/* Counter sets that tell the truth: an event is available only once it was added to an
 * event set and the set started; every other event carries a reason and a fix. */
#include "counters/counters.h"

#include <math.h>
#include <papi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters/counter_backend.h"
#include "machine/hostinfo.h"

#define MAX_GROUPS COUNTERS_MAX

typedef struct counter_group {
    int set; /* backend event set, started and stopped as one */
    int count;
    int events[COUNTERS_MAX]; /* indices into counters.events, in add order */
} counter_group;

struct counters {
    const counter_backend *be;
    int count;
    counter_event events[COUNTERS_MAX];
    int ngroups, active;
    counter_group groups[MAX_GROUPS];
    bool running;
    char status[200];
};

static const char *const default_names[] = {
    "PAPI_TOT_CYC",         "PAPI_TOT_INS",      "PAPI_L1_DCM",
    "PAPI_L2_DCM",          "PAPI_L3_TCM",       "PAPI_DP_OPS",
    "perf::TASK-CLOCK",     "perf::PAGE-FAULTS", "perf::CONTEXT-SWITCHES",
    "perf::CPU-MIGRATIONS",
};

int counters_default_names(const char **names, int max)
{
    int n = (int)(sizeof default_names / sizeof default_names[0]);
    if (n > max)
        n = max;
    for (int i = 0; i < n; i++)
        names[i] = default_names[i];
    return n;
}

/* hw_unreachable: the backend says no PMU event can be reached at all. */
static void classify(counter_event *ev, int code, bool hw_unreachable)
{
    ev->available = false;
    ev->papi_error = code;
    ev->group = -1;
    if (hw_unreachable && !ev->software && code != PAPI_EPERM && code != PAPI_ESYS &&
        code != PAPI_ENOTPRESET)
        code = PAPI_ENOEVNT; /* presets are "unknown" when the component is off */
    switch (code) {
    case PAPI_ENOEVNT:
        ev->failure = COUNTER_NOT_COUNTABLE;
        ev->reason = "not countable here (no PMU visible: virtual machine, or a CPU "
                     "libpfm4 does not know)";
        ev->fix = "run on bare metal, or enable PMU passthrough in the hypervisor "
                  "(e.g. KVM: -cpu host,pmu=on)";
        break;
    case PAPI_EPERM:
        ev->failure = COUNTER_PERMISSION;
        ev->reason = "not permitted by kernel.perf_event_paranoid";
        ev->fix = "sudo sysctl kernel.perf_event_paranoid=1 (or grant CAP_PERFMON)";
        break;
    case PAPI_ESYS:
        ev->failure = COUNTER_SYSCALL;
        ev->reason = "perf_event_open is blocked (container seccomp profile?)";
        ev->fix = "allow perf_event_open, e.g. docker run --cap-add PERFMON "
                  "--security-opt seccomp=unconfined";
        break;
    case PAPI_ECNFLCT:
        ev->failure = COUNTER_CONFLICT;
        ev->reason = "too many events at once for the counters of this CPU";
        ev->fix = "ask for fewer events with --events";
        break;
    case PAPI_ENOTPRESET:
    case PAPI_ECMP:
    case PAPI_EINVAL:
        ev->failure = COUNTER_UNKNOWN_NAME;
        ev->reason = "unknown event name";
        ev->fix = "list valid names with papi_avail and papi_native_avail";
        break;
    default:
        ev->failure = COUNTER_OTHER;
        ev->reason = "PAPI refused this event";
        ev->fix = "see papi_component_avail for what this host supports";
        break;
    }
}

static void destroy_group(counters *c, counter_group *g)
{
    if (g->set >= 0)
        c->be->destroy(g->set);
    g->set = -1;
}

/* Build an event set from the group's events; 0 when it was built and starts, else the
 * first failing code. */
static int build_group(counters *c, counter_group *g)
{
    int rc = c->be->create(&g->set);
    if (rc != PAPI_OK) {
        g->set = -1;
        return rc;
    }
    for (int i = 0; i < g->count && rc == PAPI_OK; i++)
        rc = c->be->add(g->set, c->events[g->events[i]].name);
    if (rc == PAPI_OK) {
        long long scratch[COUNTERS_MAX];
        rc = c->be->start(g->set);
        if (rc == PAPI_OK)
            rc = c->be->stop(g->set, scratch);
    }
    if (rc != PAPI_OK)
        destroy_group(c, g);
    return rc;
}

/* Alone in a fresh set: does this event count at all? */
static int probe(counters *c, int index)
{
    counter_group g = {.set = -1, .count = 1, .events = {index}};
    int rc = build_group(c, &g);
    if (rc == PAPI_OK)
        destroy_group(c, &g);
    return rc;
}

static int try_with(counters *c, counter_group *g, int index)
{
    destroy_group(c, g);
    g->events[g->count++] = index;
    int rc = build_group(c, g);
    if (rc != PAPI_OK) {
        g->count--;
        if (g->count > 0)
            build_group(c, g);
    }
    return rc;
}

/* First fit of the countable hardware events into groups that start together; software
 * events then join every group. */
static void pack_groups(counters *c)
{
    for (int i = 0; i < c->count; i++) {
        counter_event *ev = &c->events[i];
        if (!ev->available || ev->software)
            continue;
        int g = 0;
        for (; g < c->ngroups; g++)
            if (try_with(c, &c->groups[g], i) == PAPI_OK)
                break;
        if (g == c->ngroups && c->ngroups < MAX_GROUPS) {
            c->groups[c->ngroups] = (counter_group){.set = -1};
            if (try_with(c, &c->groups[c->ngroups], i) == PAPI_OK)
                c->ngroups++;
            else
                g = -1;
        } else if (g == c->ngroups) {
            g = -1;
        }
        if (g < 0)
            classify(ev, PAPI_ECNFLCT, false);
        else
            ev->group = g;
    }
    if (c->ngroups == 0) {
        c->groups[0] = (counter_group){.set = -1};
        c->ngroups = 1;
    }
    for (int i = 0; i < c->count; i++) {
        counter_event *ev = &c->events[i];
        if (!ev->available || !ev->software)
            continue;
        bool everywhere = true;
        for (int g = 0; g < c->ngroups; g++)
            if (try_with(c, &c->groups[g], i) != PAPI_OK)
                everywhere = false;
        ev->group = everywhere ? 0 : -1;
        if (!everywhere)
            classify(ev, PAPI_ECNFLCT, false);
    }
    /* an empty group (nothing countable) has no set to start */
    if (c->ngroups == 1 && c->groups[0].count == 0)
        c->ngroups = 0;
}

static int count_where(const counters *c, bool software, bool available)
{
    int n = 0;
    for (int i = 0; i < c->count; i++)
        n += c->events[i].software == software && c->events[i].available == available;
    return n;
}

static void compose_status(counters *c, int init_rc)
{
    int hw_ok = count_where(c, false, true), hw_bad = count_where(c, false, false);
    int sw_ok = count_where(c, true, true);
    if (hw_ok > 0) {
        int n = snprintf(c->status, sizeof c->status, "hardware counters: %d of %d events", hw_ok,
                         hw_ok + hw_bad);
        if (c->ngroups > 1 && n > 0 && (size_t)n < sizeof c->status)
            snprintf(c->status + n, sizeof c->status - (size_t)n,
                     ", rotating %d groups between samples", c->ngroups);
        return;
    }
    const char *tail = sw_ok ? " - software events only" : "";
    if (hw_bad == 0) {
        snprintf(c->status, sizeof c->status, "software events only (none asked of the PMU)");
        return;
    }
    /* the first hardware failure explains the rest */
    const counter_event *first = NULL;
    for (int i = 0; i < c->count && !first; i++)
        if (!c->events[i].software)
            first = &c->events[i];
    const hostinfo *h = hostinfo_get();
    switch (init_rc != PAPI_OK ? COUNTER_NO_LIBRARY : first->failure) {
    case COUNTER_NO_LIBRARY:
        snprintf(c->status, sizeof c->status, "hardware counters: off, PAPI could not start (%s)%s",
                 c->be->strerror(init_rc), tail);
        break;
    case COUNTER_NOT_COUNTABLE:
        snprintf(c->status, sizeof c->status, "hardware counters: unavailable (%s)%s",
                 h->virtualized ? "virtual machine, no PMU" : "no PMU visible", tail);
        break;
    case COUNTER_PERMISSION:
        snprintf(c->status, sizeof c->status,
                 "hardware counters: not permitted (kernel.perf_event_paranoid=%d)%s",
                 h->perf_event_paranoid, tail);
        break;
    case COUNTER_SYSCALL:
        snprintf(c->status, sizeof c->status,
                 "hardware counters: perf_event_open blocked (container?)%s", tail);
        break;
    default:
        snprintf(c->status, sizeof c->status, "hardware counters: %s%s", first->reason, tail);
    }
}

counters *counters_open_with(const counter_backend *be, const char *const *names, int count)
{
    counters *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->be = be;
    c->count = count < COUNTERS_MAX ? count : COUNTERS_MAX;
    for (int i = 0; i < c->count; i++) {
        snprintf(c->events[i].name, sizeof c->events[i].name, "%s", names[i]);
        c->events[i].software = perf_software_known(names[i]);
    }
    int rc = be->init();
    bool hw_unreachable = rc == PAPI_OK && be->disabled_reason() != NULL;
    for (int i = 0; i < c->count; i++) {
        counter_event *ev = &c->events[i];
        int code = probe(c, i);
        if (code == PAPI_OK) {
            ev->available = true;
            ev->failure = COUNTER_OK;
            ev->reason = ev->fix = NULL;
        } else if (rc != PAPI_OK && !ev->software) {
            classify(ev, code, false);
            ev->failure = COUNTER_NO_LIBRARY;
            ev->reason = "PAPI could not be initialised";
            ev->fix = "check that libpapi matches this kernel (papi_component_avail)";
        } else {
            classify(ev, code, hw_unreachable);
        }
    }
    pack_groups(c);
    compose_status(c, rc);
    return c;
}

counters *counters_open(const char *const *names, int count)
{
    return counters_open_with(&counter_backend_papi, names, count);
}

void counters_close(counters *c)
{
    if (!c)
        return;
    for (int g = 0; g < c->ngroups; g++)
        destroy_group(c, &c->groups[g]);
    free(c);
}

bool counters_enabled(const counters *c)
{
    return c && c->ngroups > 0;
}

int counters_count(const counters *c)
{
    return c ? c->count : 0;
}

const counter_event *counters_event(const counters *c, int index)
{
    return c && index >= 0 && index < c->count ? &c->events[index] : NULL;
}

int counters_find(const counters *c, const char *name)
{
    for (int i = 0; c && i < c->count; i++)
        if (strcmp(c->events[i].name, name) == 0)
            return i;
    return -1;
}

int counters_group_count(const counters *c)
{
    return c ? c->ngroups : 0;
}

int counters_active_group(const counters *c)
{
    return c && c->ngroups ? c->active : -1;
}

const char *counters_status_line(const counters *c)
{
    return c ? c->status : "counters off";
}

static void spread(const counters *c, const counter_group *g, const long long *raw, double *values)
{
    for (int i = 0; i < c->count; i++)
        values[i] = NAN;
    for (int i = 0; i < g->count; i++)
        values[g->events[i]] = (double)raw[i];
}

int counters_start(counters *c)
{
    if (!counters_enabled(c) || c->running)
        return -1;
    if (c->be->start(c->groups[c->active].set) != PAPI_OK)
        return -1;
    c->running = true;
    return 0;
}

int counters_read(counters *c, double *values)
{
    long long raw[COUNTERS_MAX];
    if (!c || !c->running || c->be->read(c->groups[c->active].set, raw) != PAPI_OK)
        return -1;
    spread(c, &c->groups[c->active], raw, values);
    return 0;
}

int counters_stop(counters *c, double *values)
{
    long long raw[COUNTERS_MAX];
    if (!c || !c->running)
        return -1;
    c->running = false;
    const counter_group *g = &c->groups[c->active];
    int rc = c->be->stop(g->set, raw);
    c->active = (c->active + 1) % c->ngroups;
    if (rc != PAPI_OK)
        return -1;
    spread(c, g, raw, values);
    return 0;
}
