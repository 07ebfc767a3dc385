/* The plans of the sweeps, shared by `tttop tune` and the dashboard's charts: the tuner's
 * candidates (the cross product of the steps of the tunables a variant has `tune` sweep),
 * and log-spaced sizes up to a setting's. Plain arithmetic over the registry. */
#ifndef TTTOP_SWEEP_H
#define TTTOP_SWEEP_H

#include "core/experiment.h"

/* The knobs of v that `tune` sweeps (those with steps), in the variant's order. */
int sweep_tuned_knobs(int v, int *knobs);
/* How many candidates the cross product of the knobs' steps has. */
long sweep_candidate_count(const int *knobs, int nknobs);
/* Candidate `index` of that cross product (the last knob varies fastest) into e. */
void sweep_candidate(experiment *e, const int *knobs, int nknobs, long index);

/* Square sizes, ascending, spaced by sqrt(2) down from n and ending at n, none under
 * SWEEP_MIN_SIZE, at most cap (the largest kept). Returns how many. */
#define SWEEP_MIN_SIZE 32
int sweep_sizes(int n, int *out, int cap);
/* The size sweep of a matmul setting: every variant at every size of sweep_sizes(e->n)
 * (m and k scaled with n), smallest size first, measured once each (min_time given).
 * Returns the points written (at most cap); 0 for the network workloads. */
int sweep_size_plan(const experiment *e, double min_time, experiment *out, int cap);
/* The tuner's sweep of e's variant at e's setting: one point per candidate. Returns the
 * points written (at most cap); 0 when the variant has nothing `tune` sweeps. */
int sweep_tune_plan(const experiment *e, double min_time, experiment *out, int cap);

#endif
