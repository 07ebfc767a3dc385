/* likwid's derived metrics over one repetition's counts. */
#include "counters/metrics.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

/* Cache line size used to turn last-level misses into bytes from memory. */
#define LINE_BYTES 64.0

typedef struct inputs {
    const counter_event *events;
    int nevents;
    const double *values;
} inputs;

/* The count of the first of the names that was counted, or NAN. */
static double value_of(const inputs *in, const char *const *names, int n)
{
    if (!in->events || !in->values)
        return NAN;
    for (int i = 0; i < n; i++)
        for (int e = 0; e < in->nevents; e++)
            if (strcmp(in->events[e].name, names[i]) == 0 && isfinite(in->values[e]))
                return in->values[e];
    return NAN;
}

#define VALUE(in, ...)                                                                             \
    value_of(in, (const char *const[]){__VA_ARGS__},                                               \
             (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

static metric ratio(double num, double den, const char *why)
{
    if (!isfinite(num) || !isfinite(den) || den <= 0.0)
        return (metric){.has = false, .why = why};
    return (metric){.has = true, .value = num / den};
}

static metric plain(double v, const char *why)
{
    return isfinite(v) ? (metric){.has = true, .value = v} : (metric){.has = false, .why = why};
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
    const inputs in = {events, nevents, values};
    const double cyc = VALUE(&in, "PAPI_TOT_CYC", "perf::CYCLES", "perf::CPU-CYCLES");
    const double ins = VALUE(&in, "PAPI_TOT_INS", "perf::INSTRUCTIONS");
    const double l1m = VALUE(&in, "PAPI_L1_DCM");
    const double l1a = VALUE(&in, "PAPI_L1_DCA");
    const double ld = VALUE(&in, "PAPI_LD_INS"), sr = VALUE(&in, "PAPI_SR_INS");
    const double l2m = VALUE(&in, "PAPI_L2_DCM", "PAPI_L2_TCM");
    const double l2a = VALUE(&in, "PAPI_L2_DCA", "PAPI_L2_TCA");
    const double llc = VALUE(&in, "PAPI_L3_TCM", "PAPI_L3_DCM");
    const double fp = VALUE(&in, "PAPI_DP_OPS", "PAPI_FP_OPS");
    const double task_ns = VALUE(&in, "perf::TASK-CLOCK");

    out->ipc = ratio(ins, cyc, "needs PAPI_TOT_INS and PAPI_TOT_CYC");
    out->l1_miss_rate = ratio(l1m, ins, "needs PAPI_L1_DCM and PAPI_TOT_INS");
    out->l1_miss_ratio = ratio(l1m, isfinite(l1a) ? l1a : ld + sr,
                               "needs PAPI_L1_DCM and PAPI_L1_DCA (or LD_INS+SR_INS)");
    out->l2_miss_rate = ratio(l2m, ins, "needs PAPI_L2_DCM and PAPI_TOT_INS");
    out->l2_miss_ratio = ratio(l2m, l2a, "needs PAPI_L2_DCM and PAPI_L2_DCA");
    out->llc_miss_rate = ratio(llc, ins, "needs PAPI_L3_TCM and PAPI_TOT_INS");
    out->counted_flops = plain(fp, "needs PAPI_DP_OPS or PAPI_FP_OPS");
    out->flops_ratio = ratio(fp, analytic_flops, "needs PAPI_DP_OPS or PAPI_FP_OPS");
    out->gflops = ratio(analytic_flops * 1e-9, seconds, "no time measured");
    out->counted_gflops = ratio(fp * 1e-9, seconds, "needs PAPI_DP_OPS or PAPI_FP_OPS");
    out->ai_analytic = ratio(analytic_flops, analytic_bytes, "no analytic traffic");
    out->ai_counted =
        ratio(isfinite(fp) ? fp : analytic_flops, llc * LINE_BYTES, "needs PAPI_L3_TCM");
    out->cpu_utilisation = ratio(task_ns * 1e-9, seconds, "needs perf::TASK-CLOCK");
}
