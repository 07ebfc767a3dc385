#include "counters/events_report.h"

#include <math.h>
#include <papi.h>
#include <string.h>
#include <time.h>

#include "counters/counter_backend.h"
#include "counters/counters.h"
#include "machine/hostinfo.h"

static const char *paranoid_meaning(int level)
{
    if (level == -100)
        return "unreadable";
    if (level <= -1)
        return "everything allowed";
    if (level == 0)
        return "CPU-wide events allowed, no raw tracepoints";
    if (level == 1)
        return "user and kernel counting of own processes";
    if (level == 2)
        return "user-space counting of own processes only";
    return "perf events restricted to privileged users";
}

/* Spin for about `seconds` of CPU time on this thread. */
static void busy(double seconds)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    volatile double x = 1.0;
    do {
        for (int i = 0; i < 100000; i++)
            x = x * 1.0000001 + 1e-9;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    } while ((t.tv_sec - t0.tv_sec) + 1e-9 * (t.tv_nsec - t0.tv_nsec) < seconds);
}

/* Show the events really counting: a 50 ms busy loop, read by every started group. */
static void print_live_check(FILE *out, counters *set)
{
    if (!counters_enabled(set))
        return;
    double values[COUNTERS_MAX];
    fprintf(out, "\nlive check (a 50 ms busy loop, each group in turn):\n");
    for (int g = 0; g < counters_group_count(set); g++) {
        if (counters_start(set) != 0)
            break;
        busy(0.05);
        if (counters_stop(set, values) != 0)
            break;
        for (int i = 0; i < counters_count(set); i++)
            if (!isnan(values[i]))
                fprintf(out, "  %-28s %16.0f\n", counters_event(set, i)->name, values[i]);
    }
}

int events_report_print(FILE *out, const char *const *extra_names, int nextra)
{
    const char *names[COUNTERS_MAX];
    int n = counters_default_names(names, COUNTERS_MAX);
    for (int i = 0; i < nextra && n < COUNTERS_MAX; i++) {
        bool dup = false;
        for (int j = 0; j < n; j++)
            dup = dup || strcmp(names[j], extra_names[i]) == 0;
        if (!dup)
            names[n++] = extra_names[i];
    }
    counters *set = counters_open(names, n);
    if (!set)
        return -1;
    const hostinfo *h = hostinfo_get();

    fprintf(out, "%-28s %-9s %-5s %s\n", "event", "countable", "group", "why not / fix");
    for (int i = 0; i < counters_count(set); i++) {
        const counter_event *ev = counters_event(set, i);
        char group[16] = "-";
        if (ev->available && ev->software)
            snprintf(group, sizeof group, "all");
        else if (ev->group >= 0)
            snprintf(group, sizeof group, "%d", ev->group);
        const char *note = !ev->available ? ev->reason
                           : ev->software ? "counted by the kernel, no PMU needed"
                                          : NULL;
        if (note)
            fprintf(out, "%-28s %-9s %-5s %s\n", ev->name,
                    ev->available ? (ev->software ? "yes (sw)" : "yes") : "no", group, note);
        else
            fprintf(out, "%-28s %-9s %s\n", ev->name, "yes", group);
        if (!ev->available && ev->fix)
            fprintf(out, "%-28s %-9s %-5s   fix: %s\n", "", "", "", ev->fix);
    }

    fprintf(out, "\nhost:\n");
    fprintf(out, "  cpu                  %s (%d cpus)\n", h->cpu_model, h->cores);
    fprintf(out, "  virtualised          %s\n",
            h->virtualized ? "yes (hypervisor flag set)" : "no");
    fprintf(out, "  PMU visible          %s\n",
            h->pmu_visible ? "yes (/sys/bus/event_source/devices/cpu)"
                           : "no (no cpu PMU in /sys/bus/event_source/devices)");
    if (h->perf_event_paranoid == -100)
        fprintf(out, "  perf_event_paranoid  unreadable\n");
    else
        fprintf(out, "  perf_event_paranoid  %d (%s)\n", h->perf_event_paranoid,
                paranoid_meaning(h->perf_event_paranoid));
    const char *off = counter_backend_papi.disabled_reason();
    fprintf(out, "  PAPI                 %d.%d.%d, %d hardware counters reported\n",
            PAPI_VERSION_MAJOR(PAPI_VERSION), PAPI_VERSION_MINOR(PAPI_VERSION),
            PAPI_VERSION_REVISION(PAPI_VERSION), off ? 0 : PAPI_num_hwctrs());
    if (off)
        fprintf(out, "  PAPI perf_event      disabled: %s\n", off);
    fprintf(out, "  software events      read with perf_event_open (no PMU needed)\n");
    fprintf(out, "  counts cover         the calling thread only (the threads a variant "
                 "starts are not counted)\n");
    fprintf(out, "\n%s\n", counters_status_line(set));
    print_live_check(out, set);
    counters_close(set);
    return ferror(out) ? -1 : 0;
}
