/* The kernel's software events through perf_event_open: they need no PMU. */
#include <errno.h>
#include <linux/perf_event.h>
#include <papi.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "counters/counter_backend.h"

static const struct {
    const char *name;
    unsigned long long config;
} software_events[] = {
    {"TASK-CLOCK", PERF_COUNT_SW_TASK_CLOCK},
    {"CPU-CLOCK", PERF_COUNT_SW_CPU_CLOCK},
    {"PAGE-FAULTS", PERF_COUNT_SW_PAGE_FAULTS},
    {"FAULTS", PERF_COUNT_SW_PAGE_FAULTS},
    {"MINOR-FAULTS", PERF_COUNT_SW_PAGE_FAULTS_MIN},
    {"MAJOR-FAULTS", PERF_COUNT_SW_PAGE_FAULTS_MAJ},
    {"CONTEXT-SWITCHES", PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"CS", PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"CPU-MIGRATIONS", PERF_COUNT_SW_CPU_MIGRATIONS},
    {"MIGRATIONS", PERF_COUNT_SW_CPU_MIGRATIONS},
    {"ALIGNMENT-FAULTS", PERF_COUNT_SW_ALIGNMENT_FAULTS},
    {"EMULATION-FAULTS", PERF_COUNT_SW_EMULATION_FAULTS},
};

static int find(const char *name)
{
    if (strncmp(name, "perf::", 6) != 0)
        return -1;
    for (size_t i = 0; i < sizeof software_events / sizeof software_events[0]; i++)
        if (strcmp(name + 6, software_events[i].name) == 0)
            return (int)i;
    return -1;
}

int perf_software_known(const char *name)
{
    return find(name) >= 0;
}

int perf_software_open(const char *name)
{
    int i = find(name);
    if (i < 0)
        return PAPI_ENOEVNT;
    {
        struct perf_event_attr attr;
        memset(&attr, 0, sizeof attr);
        attr.size = sizeof attr;
        attr.type = PERF_TYPE_SOFTWARE;
        attr.config = software_events[i].config;
        attr.disabled = 1;
        attr.exclude_hv = 1;
        /* this thread, any CPU */
        long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
        if (fd >= 0)
            return (int)fd;
        return errno == EACCES || errno == EPERM ? PAPI_EPERM
               : errno == ENOSYS                 ? PAPI_ESYS
               : errno == EMFILE                 ? PAPI_ECNFLCT
                                                 : PAPI_ENOEVNT;
    }
}
