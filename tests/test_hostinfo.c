/* Host facts: plausible values, and agreement with what the system itself reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "machine/hostinfo.h"
#include "machine/peak.h"

static void test_basic_facts(void **state)
{
    (void)state;
    const hostinfo *h = hostinfo_get();
    assert_non_null(h);
    assert_true(h->cores >= 1);
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    if (online > 0)
        assert_int_equal(h->cores, online);
    assert_true(strlen(h->cpu_model) > 0);
    assert_true(h->blas_core[0] != '\0');
    assert_true(strlen(h->cpu_short) > 0);
    print_message("cpu %s, %d cores, %.0f MHz, %s, line %zu B\n", h->cpu_model, h->cores, h->mhz,
                  h->simd, h->line_bytes);
}

static void test_caches_plausible(void **state)
{
    (void)state;
    const hostinfo *h = hostinfo_get();
    print_message("L1d %zu, L2 %zu, L3 %zu bytes\n", h->l1d_bytes, h->l2_bytes, h->l3_bytes);
    if (h->l1d_bytes) {
        assert_true(h->l1d_bytes >= 4u << 10 && h->l1d_bytes <= 4u << 20);
        assert_int_equal(h->l1d_bytes % 1024, 0);
    }
    if (h->l2_bytes) {
        assert_true(h->l2_bytes >= 64u << 10 && h->l2_bytes <= 256u << 20);
        if (h->l1d_bytes)
            assert_true(h->l2_bytes > h->l1d_bytes);
    }
    if (h->l3_bytes && h->l2_bytes)
        assert_true(h->l3_bytes >= h->l2_bytes);
}

static void test_simd(void **state)
{
    (void)state;
    const hostinfo *h = hostinfo_get();
    assert_non_null(h->simd);
    static const char *const known[] = {"avx512", "avx2+fma", "avx", "sse2"};
    bool matched = false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        matched = matched || strcmp(h->simd, known[i]) == 0;
    assert_true(matched);
    __builtin_cpu_init();
    assert_int_equal(strcmp(h->simd, "avx512") == 0, __builtin_cpu_supports("avx512f") != 0);
    if (h->mhz > 0)
        assert_true(h->mhz >= 100 && h->mhz <= 10000);
    if (h->line_bytes)
        assert_true(h->line_bytes >= 16 && h->line_bytes <= 1024);
}

static void test_perf_facts_match_system(void **state)
{
    (void)state;
    const hostinfo *h = hostinfo_get();
    FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
    if (f) {
        int v = 0;
        assert_int_equal(fscanf(f, "%d", &v), 1);
        fclose(f);
        assert_int_equal(h->perf_event_paranoid, v);
    } else {
        assert_int_equal(h->perf_event_paranoid, -100);
    }
    bool pmu = access("/sys/bus/event_source/devices/cpu", F_OK) == 0 ||
               access("/sys/bus/event_source/devices/cpu_core", F_OK) == 0 ||
               access("/sys/bus/event_source/devices/cpu_atom", F_OK) == 0;
    assert_int_equal(h->pmu_visible, pmu);
    print_message("virtualised %d, paranoid %d, pmu %d\n", h->virtualized, h->perf_event_paranoid,
                  h->pmu_visible);
}

static void *get_from_thread(void *arg)
{
    (void)arg;
    return (void *)hostinfo_get();
}

static void test_same_facts_from_every_thread(void **state)
{
    (void)state;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, get_from_thread, NULL), 0);
    const hostinfo *mine = hostinfo_get();
    for (int i = 0; i < 4; i++) {
        void *theirs = NULL;
        assert_int_equal(pthread_join(t[i], &theirs), 0);
        assert_ptr_equal(theirs, mine);
    }
}

/* % of peak counts the cores threads can use: 4 threads on 2 CPUs have 2 cores of peak;
 * the peak itself is the measured one (test_figures), none before it is known. */
static void test_peak_counts_usable_cores(void **state)
{
    (void)state;
    const int cores = hostinfo_get()->cores;
    assert_int_equal(machine_usable_cores(1), 1);
    assert_int_equal(machine_usable_cores(cores), cores);
    assert_int_equal(machine_usable_cores(2 * cores), cores);
    assert_int_equal(machine_usable_cores(0), 1);
    sample s = {.threads_used = 2 * cores};
    machine_figures_use(NULL);
    assert_true(isnan(machine_peak_gflops(&s, NULL)));
    machine_figures f = {.measured = true, .nisa = 1};
    f.by_isa[0] = (isa_peak){"avx2", 50.0, 100.0};
    figures_pick_best(&f);
    machine_figures_use(&f);
    assert_true(fabs(machine_peak_gflops(&s, NULL) - 50.0 * cores) < 1e-9);
    s.threads_used = 1;
    assert_true(fabs(machine_peak_gflops(&s, NULL) - 50.0) < 1e-9);
    machine_figures_use(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_peak_counts_usable_cores),
        cmocka_unit_test(test_same_facts_from_every_thread),
        cmocka_unit_test(test_basic_facts),
        cmocka_unit_test(test_caches_plausible),
        cmocka_unit_test(test_simd),
        cmocka_unit_test(test_perf_facts_match_system),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
