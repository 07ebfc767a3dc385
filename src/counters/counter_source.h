/* Where each count comes from, chosen per machine: `hardware` (PAPI, where the PMU counts),
 * `simulated` (valgrind's cache simulation, core/simulate.h) and `software` (the
 * kernel's perf events, always). --counters picks: auto (hardware where the PMU counts,
 * else simulated), hardware, simulated (also beside a PMU, to compare) or off. */
#ifndef TTTOP_COUNTER_SOURCE_H
#define TTTOP_COUNTER_SOURCE_H

#include <stdbool.h>

#include "counters/counters.h"
#include "counters/simulated.h"

typedef enum counter_mode {
    COUNTER_MODE_AUTO = 0,
    COUNTER_MODE_HARDWARE,
    COUNTER_MODE_SIMULATED,
    COUNTER_MODE_OFF,
    COUNTER_MODE_COUNT,
} counter_mode;

/* "auto", "hardware", "simulated", "off" */
extern const char *const counter_mode_names[COUNTER_MODE_COUNT];

/* At least one hardware event of the set counts: the PMU is there. */
bool counter_source_pmu_counts(const counter_event *events, int nevents);
/* Whether simulated counts are wanted beside the set's: simulated always, auto where no
 * hardware event counts, hardware and off never. */
bool counter_source_simulates(counter_mode mode, const counter_event *events, int nevents);
/* The event names to open for a mode: the names asked for (count 0: the defaults); off
 * keeps their software events only (the default ones when none is left). Returns how many
 * were written to out (at most cap). */
int counter_source_names(counter_mode mode, const char *const *names, int count, const char **out,
                         int cap);

/* The events a simulation stands in for: PAPI_TOT_INS, PAPI_L1_DCA, PAPI_L1_DCM and the
 * last level's PAPI_L3_TCA/TCM (PAPI_L2_* when LL is the L2). */
int counter_source_simulated_names(const sim_counts *sim, const char **out, int cap);
/* The simulated count of one of those (per repetition), NAN for any other name or when
 * sim is NULL or not valid. */
double counter_source_simulated_value(const sim_counts *sim, const char *name);
/* "hardware", "software", "simulated" or NULL (not counted) for an event of a result: the
 * count itself when it is there, else the simulation's. */
const char *counter_source_of(const counter_event *ev, double value, const sim_counts *sim);

#endif
