/* Derived metrics from injected counts: likwid's formulas, and "unavailable" (never 0)
 * when an input was not counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "counters/metrics.h"

static counter_event ev(const char *name)
{
    counter_event e;
    memset(&e, 0, sizeof e);
    strcpy(e.name, name);
    e.available = true;
    return e;
}

static void test_full_set(void **state)
{
    (void)state;
    counter_event events[] = {ev("PAPI_TOT_CYC"), ev("PAPI_TOT_INS"),    ev("PAPI_L1_DCM"),
                              ev("PAPI_L1_DCA"),  ev("PAPI_L2_DCM"),     ev("PAPI_L3_TCM"),
                              ev("PAPI_DP_OPS"),  ev("perf::TASK-CLOCK")};
    double v[] = {2e9, 3e9, 3e7, 1.5e9, 6e6, 1e6, 1.9e9, 0.5e9};
    metrics m;
    metrics_compute_events(events, 8, v, 2e9, 2.4e7, 1.0, &m);
    assert_true(m.ipc.has && fabs(m.ipc.value - 1.5) < 1e-12);
    assert_true(m.l1_miss_rate.has && fabs(m.l1_miss_rate.value - 0.01) < 1e-12);
    assert_true(m.l1_miss_ratio.has && fabs(m.l1_miss_ratio.value - 0.02) < 1e-12);
    assert_true(m.l2_miss_rate.has && fabs(m.l2_miss_rate.value - 0.002) < 1e-12);
    assert_false(m.l2_miss_ratio.has); /* no L2 accesses counted */
    assert_true(m.llc_miss_rate.has && fabs(m.llc_miss_rate.value - 1e6 / 3e9) < 1e-15);
    assert_true(m.flops_ratio.has && fabs(m.flops_ratio.value - 0.95) < 1e-12);
    assert_true(m.gflops.has && fabs(m.gflops.value - 2.0) < 1e-12);
    assert_true(m.counted_gflops.has && fabs(m.counted_gflops.value - 1.9) < 1e-12);
    assert_true(m.ai_analytic.has && fabs(m.ai_analytic.value - 2e9 / 2.4e7) < 1e-9);
    assert_true(m.ai_counted.has && fabs(m.ai_counted.value - 1.9e9 / 64e6) < 1e-9);
    assert_true(m.cpu_utilisation.has && fabs(m.cpu_utilisation.value - 0.5) < 1e-12);
}

static void test_missing_inputs_are_unavailable(void **state)
{
    (void)state;
    counter_event events[] = {ev("PAPI_TOT_CYC"), ev("PAPI_TOT_INS"), ev("perf::TASK-CLOCK")};
    double v[] = {NAN, NAN, 1e8}; /* hardware not counted (no PMU, or another group) */
    metrics m;
    metrics_compute_events(events, 3, v, 1e9, 1e6, 0.2, &m);
    assert_false(m.ipc.has);
    assert_non_null(m.ipc.why);
    assert_true(m.ipc.value == 0.0 && strstr(m.ipc.why, "PAPI_TOT_CYC"));
    assert_false(m.l1_miss_rate.has);
    assert_false(m.counted_flops.has);
    assert_false(m.flops_ratio.has);
    assert_true(m.gflops.has && fabs(m.gflops.value - 5.0) < 1e-12);
    assert_true(m.cpu_utilisation.has && fabs(m.cpu_utilisation.value - 0.5) < 1e-12);
    metrics_compute_events(NULL, 0, NULL, 1e9, NAN, NAN, &m);
    assert_false(m.gflops.has);
    assert_false(m.ai_analytic.has);
    assert_false(m.cpu_utilisation.has);
}

static void test_fallback_names(void **state)
{
    (void)state;
    counter_event events[] = {ev("PAPI_FP_OPS"), ev("PAPI_LD_INS"), ev("PAPI_SR_INS"),
                              ev("PAPI_L1_DCM")};
    double v[] = {4e6, 3e6, 1e6, 2e5};
    metrics m;
    metrics_compute_events(events, 4, v, 4e6, 1.0, 1.0, &m);
    assert_true(m.counted_flops.has && m.counted_flops.value == 4e6);
    assert_true(m.l1_miss_ratio.has && fabs(m.l1_miss_ratio.value - 0.05) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_set),
        cmocka_unit_test(test_missing_inputs_are_unavailable),
        cmocka_unit_test(test_fallback_names),
    };
    return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
