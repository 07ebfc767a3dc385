/* The counter layer: known answers from the kernel's software events on this very
 * machine, and every failure path through a fake PMU. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <papi.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "counters/counter_backend.h"
#include "counters/counter_source.h"
#include "counters/counters.h"
#include "counters/metrics.h"

#define REPEATS 5

/* ---- known answers from the real kernel ---- */

static counters *open_software(void)
{
    static const char *const names[] = {"perf::PAGE-FAULTS", "perf::TASK-CLOCK"};
    counters *c = counters_open(names, 2);
    assert_non_null(c);
    if (!counters_event(c, 0)->available)
        fail_msg("software events must work here: %s", counters_event(c, 0)->reason);
    return c;
}

/* Fresh pages, mapped before the counting window and unmapped after it: a sanitizer's
 * mmap and munmap interceptors touch their own shadow memory, which would fault in the
 * window too (ThreadSanitizer counted ~2x). */
static char *map_fresh(size_t pages)
{
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, pages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(p != MAP_FAILED);
    madvise(p, pages * page, MADV_NOHUGEPAGE);
    return p;
}

static void unmap(char *p, size_t pages)
{
    munmap(p, pages * (size_t)sysconf(_SC_PAGESIZE));
}

/* Not instrumented: AddressSanitizer's and ThreadSanitizer's shadow checks would fault in
 * shadow pages too. */
__attribute__((no_sanitize("address", "thread"))) static void touch(char *p, size_t pages)
{
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    for (size_t i = 0; i < pages; i++)
        ((volatile char *)p)[i * page] = 1;
}

static void test_page_faults_known_answer(void **state)
{
    (void)state;
    counters *c = open_software();
    double v[COUNTERS_MAX];
    for (int rep = 0; rep < REPEATS; rep++) {
        const size_t n = 1000;
        char *p = map_fresh(n);
        assert_int_equal(counters_start(c), 0);
        touch(p, n);
        assert_int_equal(counters_stop(c, v), 0);
        unmap(p, n);
        const double want = (double)n;
        print_message("touching %zu fresh pages: %.0f page faults, %.0f expected (error %+.0f)\n",
                      n, v[0], want, v[0] - want);
        assert_true(fabs(v[0] - want) <= 2.0);
    }
    counters_close(c);
}

static double thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void test_task_clock_tracks_thread_cputime(void **state)
{
    (void)state;
    counters *c = open_software();
    double v[COUNTERS_MAX];
    for (int rep = 0; rep < REPEATS; rep++) {
        assert_int_equal(counters_start(c), 0);
        double t0 = thread_cpu_s();
        volatile double x = 1.0;
        while (thread_cpu_s() - t0 < 0.05)
            for (int i = 0; i < 10000; i++)
                x = x * 1.0000001 + 1e-9;
        double cpu = thread_cpu_s() - t0;
        assert_int_equal(counters_stop(c, v), 0);
        double err = (v[1] * 1e-9 - cpu) / cpu;
        print_message("TASK-CLOCK %.2f ms vs thread CPU time %.2f ms: %+.2f%%\n", v[1] * 1e-6,
                      cpu * 1e3, 100 * err);
        assert_true(fabs(err) < 0.03);
    }
    counters_close(c);
}

static void test_counts_land_in_their_window(void **state)
{
    (void)state;
    counters *c = open_software();
    double a[COUNTERS_MAX], b[COUNTERS_MAX], mid[COUNTERS_MAX];
    char *p16 = map_fresh(16), *p32 = map_fresh(32), *p160 = map_fresh(160);
    assert_int_equal(counters_start(c), 0);
    touch(p16, 16);
    assert_int_equal(counters_read(c, mid), 0);
    touch(p32, 32);
    assert_int_equal(counters_stop(c, a), 0);
    assert_int_equal(counters_start(c), 0);
    touch(p160, 160);
    assert_int_equal(counters_stop(c, b), 0);
    unmap(p16, 16);
    unmap(p32, 32);
    unmap(p160, 160);
    print_message("page faults: %.0f of 16, %.0f of 48, %.0f of 160\n", mid[0], a[0], b[0]);
    assert_true(fabs(mid[0] - 16) <= 2);
    assert_true(fabs(a[0] - 16 - 32) <= 2);
    assert_true(fabs(b[0] - 160) <= 2);
    counters_close(c);
}

static void test_real_hardware_path(void **state)
{
    (void)state;
    static const char *const names[] = {"PAPI_TOT_CYC", "NOT_AN_EVENT_XYZ", "perf::TASK-CLOCK",
                                        "PAPI_NO_SUCH_PRESET"};
    counters *c = counters_open(names, 4);
    const counter_event *cyc = counters_event(c, 0);
    if (cyc->available) {
        print_message("this host counts PAPI_TOT_CYC: hardware path available\n");
        assert_int_equal(cyc->failure, COUNTER_OK);
    } else {
        print_message("PAPI_TOT_CYC: %s\n", cyc->reason);
        assert_int_equal(cyc->failure, COUNTER_NOT_COUNTABLE);
        assert_non_null(cyc->fix);
        assert_non_null(strstr(counters_status_line(c), "software events only"));
    }
    const counter_event *bogus = counters_event(c, 1);
    assert_false(bogus->available);
    /* A misspelt preset is a typo on every host, PMU or not. */
    assert_false(counters_event(c, 3)->available);
    assert_int_equal(counters_event(c, 3)->failure, COUNTER_UNKNOWN_NAME);
    assert_int_equal(counters_find(c, "perf::TASK-CLOCK"), 2);
    assert_int_equal(counters_find(c, "nope"), -1);
    assert_true(counters_event(c, 2)->software && counters_event(c, 2)->available);
    counters_close(c);
}

/* ---- a fake PMU: fixed slots, chosen errors ---- */

static struct fake {
    int init_rc;
    int slots;  /* hardware events one set can hold */
    int add_rc; /* error for every hardware event, 0 = none */
    int sets_alive;
    int hw[64], sw[64], count[64];
    const char *names[64][32];
} fake;

static bool fake_is_sw(const char *name)
{
    return strncmp(name, "perf::", 6) == 0;
}

static int fake_init(void)
{
    return fake.init_rc;
}

static int fake_create(int *set)
{
    for (int i = 0; i < 64; i++) {
        if (fake.count[i] < 0) {
            fake.count[i] = fake.hw[i] = fake.sw[i] = 0;
            fake.sets_alive++;
            *set = i;
            return PAPI_OK;
        }
    }
    return PAPI_ENOMEM;
}

static int fake_add(int set, const char *name)
{
    if (strcmp(name, "BOGUS") == 0)
        return PAPI_ENOTPRESET;
    if (!fake_is_sw(name)) {
        if (fake.add_rc)
            return fake.add_rc;
        if (fake.hw[set] == fake.slots)
            return PAPI_ECNFLCT;
        fake.hw[set]++;
    } else {
        fake.sw[set]++;
    }
    fake.names[set][fake.count[set]++] = name;
    return PAPI_OK;
}

static int fake_start(int set)
{
    (void)set;
    return PAPI_OK;
}

/* Every event reads 1000 + its position, so values can be traced back to events. */
static int fake_read(int set, long long *values)
{
    for (int i = 0; i < fake.count[set]; i++)
        values[i] = 1000 + (long long)strlen(fake.names[set][i]);
    return PAPI_OK;
}

static void fake_destroy(int set)
{
    fake.count[set] = -1;
    fake.sets_alive--;
}

static const char *fake_strerror(int code)
{
    (void)code;
    return "fake error";
}

static const char *fake_disabled(void)
{
    return NULL;
}

static const counter_backend fake_backend = {
    .init = fake_init,
    .create = fake_create,
    .add = fake_add,
    .start = fake_start,
    .read = fake_read,
    .stop = fake_read,
    .destroy = fake_destroy,
    .strerror = fake_strerror,
    .disabled_reason = fake_disabled,
};

static void fake_reset(int slots, int add_rc, int init_rc)
{
    memset(&fake, 0, sizeof fake);
    for (int i = 0; i < 64; i++)
        fake.count[i] = -1;
    fake.slots = slots;
    fake.add_rc = add_rc;
    fake.init_rc = init_rc;
}

static const char *const five_hw_two_sw[] = {
    "HW_A", "HW_BB", "HW_CCC", "HW_DDDD", "HW_EEEEE", "perf::TASK-CLOCK", "perf::PAGE-FAULTS"};

static void test_conflicts_rotate_groups(void **state)
{
    (void)state;
    fake_reset(2, 0, PAPI_OK);
    counters *c = counters_open_with(&fake_backend, five_hw_two_sw, 7);
    assert_int_equal(counters_group_count(c), 3);
    for (int i = 0; i < 7; i++)
        assert_true(counters_event(c, i)->available);
    assert_int_equal(counters_event(c, 0)->group, 0);
    assert_int_equal(counters_event(c, 2)->group, 1);
    assert_int_equal(counters_event(c, 4)->group, 2);
    assert_non_null(strstr(counters_status_line(c), "rotating 3 groups"));
    double v[COUNTERS_MAX];
    for (int g = 0; g < 3; g++) {
        assert_int_equal(counters_active_group(c), g);
        assert_int_equal(counters_start(c), 0);
        assert_int_equal(counters_stop(c, v), 0);
        for (int i = 0; i < 5; i++) {
            bool in_group = counters_event(c, i)->group == g;
            if (in_group)
                assert_true(v[i] == 1000 + (double)strlen(five_hw_two_sw[i]));
            else
                assert_true(isnan(v[i]));
        }
        /* software events are counted in every group */
        assert_true(v[5] == 1000 + (double)strlen("perf::TASK-CLOCK"));
        assert_true(v[6] == 1000 + (double)strlen("perf::PAGE-FAULTS"));
    }
    assert_int_equal(counters_active_group(c), 0);
    counters_close(c);
    assert_int_equal(fake.sets_alive, 0);
}

static void test_failures_are_classified(void **state)
{
    (void)state;
    static const struct {
        int code;
        counter_failure failure;
        const char *fix_word;
    } cases[] = {
        {PAPI_EPERM, COUNTER_PERMISSION, "perf_event_paranoid"},
        {PAPI_ESYS, COUNTER_SYSCALL, "seccomp"},
        {PAPI_ENOEVNT, COUNTER_NOT_COUNTABLE, "PMU"},
        {PAPI_ECMP, COUNTER_UNKNOWN_NAME, "papi_avail"},
    };
    static const char *const names[] = {"HW_A", "perf::TASK-CLOCK", "BOGUS"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fake_reset(4, cases[i].code, PAPI_OK);
        counters *c = counters_open_with(&fake_backend, names, 3);
        const counter_event *hw = counters_event(c, 0);
        assert_false(hw->available);
        assert_int_equal(hw->failure, cases[i].failure);
        assert_int_equal(hw->papi_error, cases[i].code);
        if (!strstr(hw->fix, cases[i].fix_word) && !strstr(hw->reason, cases[i].fix_word))
            fail_msg("code %d: '%s' / '%s' lacks '%s'", cases[i].code, hw->reason, hw->fix,
                     cases[i].fix_word);
        assert_true(counters_event(c, 1)->available);
        assert_int_equal(counters_event(c, 2)->failure, COUNTER_UNKNOWN_NAME);
        assert_true(counters_enabled(c));
        assert_non_null(strstr(counters_status_line(c), "software events only"));
        counters_close(c);
    }
}

static void test_init_failure_keeps_software_events(void **state)
{
    (void)state;
    fake_reset(4, 0, PAPI_ESYS);
    fake.add_rc = PAPI_ESYS;
    static const char *const names[] = {"HW_A", "perf::TASK-CLOCK"};
    counters *c = counters_open_with(&fake_backend, names, 2);
    assert_int_equal(counters_event(c, 0)->failure, COUNTER_NO_LIBRARY);
    assert_true(counters_event(c, 1)->available);
    assert_non_null(strstr(counters_status_line(c), "PAPI could not start"));
    counters_close(c);

    fake_reset(4, PAPI_EPERM, PAPI_OK);
    static const char *const hw_only[] = {"HW_A", "HW_B"};
    c = counters_open_with(&fake_backend, hw_only, 2);
    assert_false(counters_enabled(c));
    double v[COUNTERS_MAX];
    assert_int_equal(counters_start(c), -1);
    assert_int_equal(counters_stop(c, v), -1);
    counters_close(c);
}

static void test_defaults(void **state)
{
    (void)state;
    const char *names[COUNTERS_MAX];
    int n = counters_default_names(names, COUNTERS_MAX);
    assert_true(n >= 10);
    bool cyc = false, task = false;
    for (int i = 0; i < n; i++) {
        cyc = cyc || strcmp(names[i], "PAPI_TOT_CYC") == 0;
        task = task || strcmp(names[i], "perf::TASK-CLOCK") == 0;
    }
    assert_true(cyc && task);
    assert_int_equal(counters_default_names(names, 3), 3);
}

/* --counters: auto is hardware where the PMU counts and simulated where it does not;
 * where both are there, hardware wins and simulated is there to compare. */
static void test_source_selection(void **state)
{
    (void)state;
    static const char *const names[] = {"PAPI_TOT_INS", "PAPI_L1_DCM", "PAPI_L3_TCM",
                                        "perf::TASK-CLOCK"};
    counter_event events[4];
    for (int pmu = 0; pmu < 2; pmu++) {
        fake_reset(6, pmu ? 0 : PAPI_ENOEVNT, PAPI_OK);
        counters *c = counters_open_with(&fake_backend, names, 4);
        for (int i = 0; i < 4; i++)
            events[i] = *counters_event(c, i);
        assert_int_equal(counter_source_pmu_counts(events, 4), pmu);
        assert_int_equal(counter_source_simulates(COUNTER_MODE_AUTO, events, 4), !pmu);
        assert_true(counter_source_simulates(COUNTER_MODE_SIMULATED, events, 4));
        assert_false(counter_source_simulates(COUNTER_MODE_HARDWARE, events, 4));
        assert_false(counter_source_simulates(COUNTER_MODE_OFF, events, 4));

        double v[COUNTERS_MAX];
        assert_int_equal(counters_start(c), 0);
        assert_int_equal(counters_stop(c, v), 0);
        sim_counts sim;
        memset(&sim, 0, sizeof sim);
        sim.valid = true;
        sim.geometry.ll_level = 3;
        sim.geometry.ll.line = 64;
        sim.instructions = 4e6;
        sim.l1d_accesses = 2e6;
        sim.l1d_misses = 5e5;
        sim.ll_misses = 1e3;
        /* where the PMU counted PAPI_L1_DCM, that count; else the simulated one */
        assert_string_equal(counter_source_of(&events[1], v[1], &sim),
                            pmu ? "hardware" : "simulated");
        assert_string_equal(counter_source_of(&events[3], v[3], &sim), "software");
        const char *alone = counter_source_of(&events[1], v[1], NULL);
        if (pmu)
            assert_string_equal(alone, "hardware");
        else
            assert_null(alone);
        metrics m;
        metrics_compute_sim(events, 4, v, &sim, 1e6, 1e5, 1.0, &m);
        assert_true(m.l1_per_flop.has);
        assert_int_equal(m.l1_per_flop.simulated, !pmu);
        assert_true(m.l1_per_flop.value == (pmu ? v[1] : sim.l1d_misses) / 1e6);
        assert_int_equal(m.l1_miss_ratio.simulated, true); /* no PAPI_L1_DCA asked for */
        assert_true(m.mem_bytes.has);
        assert_true(m.mem_bytes.value == (pmu ? v[2] : sim.ll_misses) * 64);
        assert_false(m.cpu_utilisation.simulated);
        counters_close(c);
    }

    /* off opens the software events only, the default ones when none is left */
    const char *out[COUNTERS_MAX];
    int n = counter_source_names(COUNTER_MODE_OFF, names, 4, out, COUNTERS_MAX);
    assert_int_equal(n, 1);
    assert_string_equal(out[0], "perf::TASK-CLOCK");
    n = counter_source_names(COUNTER_MODE_OFF, names, 3, out, COUNTERS_MAX);
    assert_true(n >= 1);
    for (int i = 0; i < n; i++)
        assert_int_equal(strncmp(out[i], "perf::", 6), 0);
    assert_int_equal(counter_source_names(COUNTER_MODE_AUTO, names, 4, out, COUNTERS_MAX), 4);
    assert_true(counter_source_names(COUNTER_MODE_AUTO, NULL, 0, out, COUNTERS_MAX) >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_faults_known_answer),
        cmocka_unit_test(test_task_clock_tracks_thread_cputime),
        cmocka_unit_test(test_counts_land_in_their_window),
        cmocka_unit_test(test_real_hardware_path),
        cmocka_unit_test(test_conflicts_rotate_groups),
        cmocka_unit_test(test_failures_are_classified),
        cmocka_unit_test(test_init_failure_keeps_software_events),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_source_selection),
    };
    return cmocka_run_group_tests_name("counters", tests, NULL, NULL);
}
