#include "counters/counter_source.h"

#include <math.h>
#include <string.h>

#include "counters/counter_backend.h"

const char *const counter_mode_names[COUNTER_MODE_COUNT] = {"auto", "hardware", "simulated", "off"};

bool counter_source_pmu_counts(const counter_event *events, int nevents)
{
    for (int i = 0; events && i < nevents; i++)
        if (events[i].available && !events[i].software)
            return true;
    return false;
}

bool counter_source_simulates(counter_mode mode, const counter_event *events, int nevents)
{
    switch (mode) {
    case COUNTER_MODE_SIMULATED:
        return true;
    case COUNTER_MODE_AUTO:
        return !counter_source_pmu_counts(events, nevents);
    default:
        return false;
    }
}

int counter_source_names(counter_mode mode, const char *const *names, int count, const char **out,
                         int cap)
{
    const char *defaults[COUNTERS_MAX];
    if (count == 0) {
        count = counters_default_names(defaults, COUNTERS_MAX);
        names = defaults;
    }
    int n = 0;
    for (int i = 0; i < count && n < cap; i++)
        if (mode != COUNTER_MODE_OFF || perf_software_known(names[i]))
            out[n++] = names[i];
    if (n == 0 && names != defaults)
        return counter_source_names(mode, NULL, 0, out, cap);
    return n;
}

/* The last level's PAPI names for what reaches LL and what misses it. */
static void ll_names(const sim_counts *sim, const char **access, const char **miss)
{
    const bool l2 = sim && sim->geometry.ll_level == 2;
    *access = l2 ? "PAPI_L2_TCA" : "PAPI_L3_TCA";
    *miss = l2 ? "PAPI_L2_TCM" : "PAPI_L3_TCM";
}

int counter_source_simulated_names(const sim_counts *sim, const char **out, int cap)
{
    const char *lla, *llm;
    ll_names(sim, &lla, &llm);
    const char *const all[] = {"PAPI_TOT_INS", "PAPI_L1_DCA", "PAPI_L1_DCM", lla, llm};
    int n = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0] && n < cap; i++)
        out[n++] = all[i];
    return n;
}

double counter_source_simulated_value(const sim_counts *sim, const char *name)
{
    if (!sim || !sim->valid || !name)
        return NAN;
    const char *lla, *llm;
    ll_names(sim, &lla, &llm);
    if (strcmp(name, "PAPI_TOT_INS") == 0)
        return sim->instructions;
    if (strcmp(name, "PAPI_L1_DCA") == 0)
        return sim->l1d_accesses;
    if (strcmp(name, "PAPI_L1_DCM") == 0)
        return sim->l1d_misses;
    if (strcmp(name, lla) == 0)
        return sim->ll_accesses;
    if (strcmp(name, llm) == 0)
        return sim->ll_misses;
    return NAN;
}

const char *counter_source_of(const counter_event *ev, double value, const sim_counts *sim)
{
    if (ev && ev->available && isfinite(value))
        return ev->software ? "software" : "hardware";
    if (ev && isfinite(counter_source_simulated_value(sim, ev->name)))
        return "simulated";
    return NULL;
}
