/* likwid's derived metrics over one repetition's counts. */
#include "counters/metrics.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "counters/counter_source.h"

/* Cache line size used to turn last-level misses into bytes from memory (the simulated
 * LL's own line where the misses are simulated). */
#define LINE_BYTES 64.0

typedef struct inputs {
    const counter_event *events;
    int nevents;
    const double *values;
    const sim_counts *sim;
} inputs;

/* A count and whether it was simulated: NAN stays NAN through arithmetic, and so does
 * the mark. */
typedef struct input {
    double v;
    bool sim;
} input;

/* The count of the first of the names that was counted, else the simulation's, or NAN. */
static input value_of(const inputs *in, const char *const *names, int n)
{
    for (int i = 0; in->events && in->values && i < n; i++)
        for (int e = 0; e < in->nevents; e++)
            if (strcmp(in->events[e].name, names[i]) == 0 && isfinite(in->values[e]))
                return (input){in->values[e], false};
    for (int i = 0; i < n; i++) {
        double v = counter_source_simulated_value(in->sim, names[i]);
        if (isfinite(v))
            return (input){v, true};
    }
    return (input){NAN, false};
}

#define VALUE(in, ...)                                                                             \
    value_of(in, (const char *const[]){__VA_ARGS__},                                               \
             (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

static input known(double v)
{
    return (input){v, false};
}

static input sum(input a, input b)
{
    return (input){a.v + b.v, a.sim || b.sim};
}

static input scaled(input a, double k)
{
    return (input){a.v * k, a.sim};
}

static metric ratio(input num, input den, const char *why)
{
    if (!isfinite(num.v) || !isfinite(den.v) || den.v <= 0.0)
        return (metric){.has = false, .why = why};
    return (metric){.has = true, .value = num.v / den.v, .simulated = num.sim || den.sim};
}

static metric plain(input v, const char *why)
{
    return isfinite(v.v) ? (metric){.has = true, .value = v.v, .simulated = v.sim}
                         : (metric){.has = false, .why = why};
}

void metrics_compute(const counters *set, const double *values, double analytic_flops,
                     double analytic_bytes, double seconds, metrics *out)
{
    metrics_compute_events(counters_event(set, 0), counters_count(set), values, analytic_flops,
                           analytic_bytes, seconds, out);
}

void metrics_compute_events(const counter_event *events, int nevents, const double *values,
                            double analytic_flops, double analytic_bytes, double seconds,
                            metrics *out)
{
    metrics_compute_sim(events, nevents, values, NULL, analytic_flops, analytic_bytes, seconds,
                        out);
}

void metrics_compute_sim(const counter_event *events, int nevents, const double *values,
                         const sim_counts *sim, double analytic_flops, double analytic_bytes,
                         double seconds, metrics *out)
{
    const inputs in = {events, nevents, values, sim && sim->valid ? sim : NULL};
    const bool l2_is_ll = in.sim && in.sim->geometry.ll_level == 2;
    const input cyc = VALUE(&in, "PAPI_TOT_CYC", "perf::CYCLES", "perf::CPU-CYCLES");
    const input ins = VALUE(&in, "PAPI_TOT_INS", "perf::INSTRUCTIONS");
    const input l1m = VALUE(&in, "PAPI_L1_DCM");
    const input l1a = VALUE(&in, "PAPI_L1_DCA");
    const input ld = VALUE(&in, "PAPI_LD_INS"), sr = VALUE(&in, "PAPI_SR_INS");
    const input l2m = l2_is_ll ? known(NAN) : VALUE(&in, "PAPI_L2_DCM", "PAPI_L2_TCM");
    const input l2a = l2_is_ll ? known(NAN) : VALUE(&in, "PAPI_L2_DCA", "PAPI_L2_TCA");
    /* the simulated last level may be the L2 where a host has no L3 */
    const input llc =
        l2_is_ll ? VALUE(&in, "PAPI_L2_TCM") : VALUE(&in, "PAPI_L3_TCM", "PAPI_L3_DCM");
    const input fp = VALUE(&in, "PAPI_DP_OPS", "PAPI_FP_OPS");
    const input task_ns = VALUE(&in, "perf::TASK-CLOCK");
    const input flops = known(analytic_flops);
    const double line =
        llc.sim && in.sim && in.sim->geometry.ll.line > 0 ? in.sim->geometry.ll.line : LINE_BYTES;

    out->ipc = ratio(ins, cyc, "needs PAPI_TOT_INS and PAPI_TOT_CYC");
    out->l1_miss_rate = ratio(l1m, ins, "needs PAPI_L1_DCM and PAPI_TOT_INS");
    out->l1_miss_ratio = ratio(l1m, isfinite(l1a.v) ? l1a : sum(ld, sr),
                               "needs PAPI_L1_DCM and PAPI_L1_DCA (or LD_INS+SR_INS)");
    out->l2_miss_rate = ratio(l2m, ins, "needs PAPI_L2_DCM and PAPI_TOT_INS");
    out->l2_miss_ratio = ratio(l2m, l2a, "needs PAPI_L2_DCM and PAPI_L2_DCA");
    out->llc_miss_rate = ratio(llc, ins, "needs PAPI_L3_TCM and PAPI_TOT_INS");
    out->counted_flops = plain(fp, "needs PAPI_DP_OPS or PAPI_FP_OPS");
    out->flops_ratio = ratio(fp, flops, "needs PAPI_DP_OPS or PAPI_FP_OPS");
    out->gflops = ratio(scaled(flops, 1e-9), known(seconds), "no time measured");
    out->counted_gflops =
        ratio(scaled(fp, 1e-9), known(seconds), "needs PAPI_DP_OPS or PAPI_FP_OPS");
    out->ai_analytic = ratio(flops, known(analytic_bytes), "no analytic traffic");
    out->ai_counted = ratio(isfinite(fp.v) ? fp : flops, scaled(llc, line), "needs PAPI_L3_TCM");
    out->cpu_utilisation = ratio(scaled(task_ns, 1e-9), known(seconds), "needs perf::TASK-CLOCK");
    out->l1_per_flop = ratio(l1m, flops, "needs PAPI_L1_DCM");
    out->llc_per_flop = ratio(llc, flops, "needs PAPI_L3_TCM");
    out->mem_bytes = plain(scaled(llc, line), "needs PAPI_L3_TCM");
}
