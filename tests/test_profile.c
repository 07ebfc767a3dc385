/* The per-section profile: sections accumulate by name in first-seen order, shares and
 * totals add up, merging adds by name, and counter deltas land in the section that was
 * open while they were counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <papi.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "counters/counter_backend.h"
#include "counters/counters.h"
#include "core/measure.h"
#include "net/profile.h"

static void sleep_ms(int ms)
{
    struct timespec ts = {.tv_sec = 0, .tv_nsec = ms * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static double thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double spin(double seconds)
{
    volatile double x = 0.0;
    double end = measure_now() + seconds;
    while (measure_now() < end)
        for (int i = 0; i < 1000; i++)
            x += 1e-9 * i;
    return x;
}

static void add_section(profile *p, const char *name, double seconds)
{
    profile_enter(p);
    if (seconds > 0.0)
        spin(seconds);
    profile_leave(p, name);
}

static void test_sections_accumulate_by_name(void **state)
{
    (void)state;
    profile p;
    profile_reset(&p, NULL);
    assert_int_equal(p.count, 0);
    assert_true(profile_total(&p) == 0.0);
    assert_true(profile_share(&p, 0) == 0.0);

    double t0 = measure_now();
    profile_enter(&p);
    sleep_ms(20);
    profile_leave(&p, "slow");
    add_section(&p, "fast", 0.002);
    add_section(&p, "slow", 0.0);
    double outside = measure_now() - t0;

    assert_int_equal(p.count, 2);
    assert_string_equal(p.entries[0].name, "slow");
    assert_string_equal(p.entries[1].name, "fast");
    assert_int_equal(p.entries[0].calls, 2);
    assert_int_equal(p.entries[1].calls, 1);
    assert_true(p.entries[0].total_s >= 0.020);
    assert_true(p.entries[1].total_s >= 0.002);
    assert_true(isnan(p.entries[0].counts[0]));
    double total = profile_total(&p);
    assert_true(fabs(total - (p.entries[0].total_s + p.entries[1].total_s)) < 1e-15);
    assert_true(total <= outside);
    double s0 = profile_share(&p, 0), s1 = profile_share(&p, 1);
    assert_true(fabs(s0 + s1 - 1.0) < 1e-12);
    assert_true(fabs(s0 - p.entries[0].total_s / total) < 1e-12);
    assert_true(s0 > s1);
    assert_true(profile_share(&p, -1) == 0.0 && profile_share(&p, 2) == 0.0);

    profile_reset(&p, NULL);
    assert_int_equal(p.count, 0);
    assert_true(profile_total(&p) == 0.0);
}

static void test_names_are_truncated_and_table_is_bounded(void **state)
{
    (void)state;
    profile p;
    profile_reset(&p, NULL);
    char name[64];
    for (int i = 0; i < PROFILE_MAX_ENTRIES + 4; i++) {
        snprintf(name, sizeof name, "section-%02d", i);
        add_section(&p, name, 0.0);
    }
    assert_int_equal(p.count, PROFILE_MAX_ENTRIES);
    snprintf(name, sizeof name, "section-%02d", PROFILE_MAX_ENTRIES - 1);
    assert_string_equal(p.entries[PROFILE_MAX_ENTRIES - 1].name, name);
    add_section(&p, "section-00", 0.0);
    assert_int_equal(p.entries[0].calls, 2);

    const char *long_name = "a-section-name-far-longer-than-the-table-keeps";
    profile_reset(&p, NULL);
    add_section(&p, long_name, 0.0);
    add_section(&p, long_name, 0.0);
    assert_int_equal(p.count, 1);
    assert_int_equal(strlen(p.entries[0].name), PROFILE_NAME_MAX - 1);
    assert_memory_equal(p.entries[0].name, long_name, PROFILE_NAME_MAX - 1);
}

static void test_merge_adds_by_name(void **state)
{
    (void)state;
    profile a, b;
    profile_reset(&a, NULL);
    profile_reset(&b, NULL);
    add_section(&a, "dense1", 0.001);
    add_section(&a, "relu1", 0.0);
    a.entries[0].counts[0] = 100.0;
    add_section(&b, "relu1", 0.0);
    add_section(&b, "dense2", 0.0);
    add_section(&b, "dense1", 0.0);
    b.entries[2].counts[0] = 5.0;
    b.entries[2].counts[1] = 7.0;

    const double a_dense1 = a.entries[0].total_s, b_dense1 = b.entries[2].total_s;
    const double before = profile_total(&a) + profile_total(&b);
    profile_merge(&a, &b);

    assert_int_equal(a.count, 3);
    assert_string_equal(a.entries[2].name, "dense2");
    assert_int_equal(a.entries[0].calls, 2);
    assert_int_equal(a.entries[1].calls, 2);
    assert_int_equal(a.entries[2].calls, 1);
    assert_true(fabs(a.entries[0].total_s - (a_dense1 + b_dense1)) < 1e-15);
    assert_true(fabs(profile_total(&a) - before) < 1e-12);
    /* a count on one side only is kept, not turned into NAN */
    assert_true(a.entries[0].counts[0] == 105.0);
    assert_true(a.entries[0].counts[1] == 7.0);
    assert_true(isnan(a.entries[1].counts[0]));

    profile empty;
    profile_reset(&empty, NULL);
    profile_merge(&a, &empty);
    assert_int_equal(a.count, 3);
    assert_true(fabs(profile_total(&a) - before) < 1e-12);
}

/* ---- a fake PMU whose counts the test advances by hand ---- */

#define FAKE_SETS 8

static struct {
    long long ticks;
    int events[FAKE_SETS]; /* -1: free */
} fake;

static int fake_init(void)
{
    return PAPI_OK;
}

static int fake_create(int *set)
{
    for (int i = 0; i < FAKE_SETS; i++) {
        if (fake.events[i] < 0) {
            fake.events[i] = 0;
            *set = i;
            return PAPI_OK;
        }
    }
    return PAPI_ENOMEM;
}

static int fake_add(int set, const char *name)
{
    (void)name;
    fake.events[set]++;
    return PAPI_OK;
}

static int fake_start(int set)
{
    (void)set;
    return PAPI_OK;
}

/* Event i of a set counts (i + 1) per tick. */
static int fake_read(int set, long long *values)
{
    for (int i = 0; i < fake.events[set]; i++)
        values[i] = fake.ticks * (i + 1);
    return PAPI_OK;
}

static void fake_destroy(int set)
{
    fake.events[set] = -1;
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

static void fake_section(profile *p, const char *name, long long ticks)
{
    profile_enter(p);
    fake.ticks += ticks;
    profile_leave(p, name);
}

static void test_counter_deltas_go_to_the_open_section(void **state)
{
    (void)state;
    fake.ticks = 0;
    for (int i = 0; i < FAKE_SETS; i++)
        fake.events[i] = -1;
    static const char *const names[] = {"FAKE_CYCLES", "FAKE_INSTRUCTIONS"};
    counters *set = counters_open_with(&fake_backend, names, 2);
    assert_non_null(set);
    assert_true(counters_enabled(set));
    assert_int_equal(counters_start(set), 0);

    profile p;
    profile_reset(&p, set);
    fake.ticks += 1000; /* counted before any section: attributed to none */
    fake_section(&p, "dense1", 30);
    fake.ticks += 500; /* between sections */
    fake_section(&p, "relu1", 4);
    fake_section(&p, "dense1", 12);

    assert_int_equal(p.count, 2);
    assert_true(p.entries[0].counts[0] == 42.0);
    assert_true(p.entries[0].counts[1] == 84.0);
    assert_true(p.entries[1].counts[0] == 4.0);
    assert_true(p.entries[1].counts[1] == 8.0);
    for (int i = 2; i < COUNTERS_MAX; i++)
        assert_true(isnan(p.entries[0].counts[i]));

    profile sum;
    profile_reset(&sum, NULL);
    profile_merge(&sum, &p);
    profile_merge(&sum, &p);
    assert_true(sum.entries[0].counts[1] == 168.0);
    assert_int_equal(sum.entries[0].calls, 4);

    double values[COUNTERS_MAX];
    assert_int_equal(counters_stop(set, values), 0);
    counters_close(set);
}

static void test_software_task_clock_follows_busy_time(void **state)
{
    (void)state;
    static const char *const names[] = {"perf::TASK-CLOCK"};
    counters *set = counters_open(names, 1);
    assert_non_null(set);
    if (!counters_enabled(set) || counters_start(set) != 0) {
        print_message("SKIPPED: perf::TASK-CLOCK not countable here (%s)\n",
                      counters_status_line(set));
        counters_close(set);
        skip();
    }
    profile p;
    profile_reset(&p, set);
    /* spin for 20 ms of this thread's CPU time, however loaded the machine is */
    profile_enter(&p);
    const double cpu0 = thread_cpu_s();
    while (thread_cpu_s() - cpu0 < 0.02)
        spin(0.001);
    profile_leave(&p, "busy");
    const double cpu = thread_cpu_s() - cpu0;
    profile_enter(&p);
    sleep_ms(20);
    profile_leave(&p, "asleep");
    double values[COUNTERS_MAX];
    assert_int_equal(counters_stop(set, values), 0);
    counters_close(set);

    /* task-clock is in nanoseconds of CPU time: spinning counts, sleeping does not */
    const double busy = p.entries[0].counts[0], asleep = p.entries[1].counts[0];
    print_message("task-clock: busy section %.1f ms, sleeping section %.1f ms\n", 1e-6 * busy,
                  1e-6 * asleep);
    assert_true(busy > 0.9 * 1e9 * cpu - 1e5);
    assert_true(busy < 1.1 * 1e9 * cpu + 1e5);
    assert_true(asleep < 0.25 * busy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sections_accumulate_by_name),
        cmocka_unit_test(test_names_are_truncated_and_table_is_bounded),
        cmocka_unit_test(test_merge_adds_by_name),
        cmocka_unit_test(test_counter_deltas_go_to_the_open_section),
        cmocka_unit_test(test_software_task_clock_follows_busy_time),
    };
    return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
