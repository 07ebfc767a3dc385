#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/experiment.h"

static char err[256];

static void test_default_is_valid(void **state)
{
    (void)state;
    experiment e = experiment_default();
    assert_int_equal(experiment_validate(&e, err, sizeof err), 0);
    assert_string_equal(experiment_variant_name(&e), "blocked");
    assert_true(experiment_flops(&e) == 2.0 * 500 * 500 * 500);
}

static void test_refuses_before_allocating(void **state)
{
    (void)state;
    experiment e = experiment_default();
    e.m = e.n = e.k = EXPERIMENT_MAX_SIZE; /* 4 matrices of 50000^2 doubles: 80 GB */
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    assert_non_null(strstr(err, "needs"));
    assert_non_null(strstr(err, "GiB"));
    e.m = 0;
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    assert_non_null(strstr(err, "out of range"));
    e = experiment_default();
    e.workload = WORKLOAD_NET;
    e.batch = 0;
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    assert_non_null(strstr(err, "batch"));
    e.batch = EXPERIMENT_MAX_BATCH + 1;
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    e = experiment_default();
    e.variant = 99;
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
}

static void test_settings_compare(void **state)
{
    (void)state;
    experiment a = experiment_default(), b = a;
    b.variant = variant_find("openblas");
    assert_true(experiment_same_setting(&a, &b));
    assert_false(experiment_same_run(&a, &b));
    b = a;
    b.knob[variants_knob_find("block")] = 32;
    assert_true(experiment_same_setting(&a, &b));
    assert_false(experiment_same_run(&a, &b));
    b = a; /* threads are part of the setting: the ladder at 2 threads is another one */
    experiment_set_threads(&b, 2);
    assert_false(experiment_same_setting(&a, &b));
    assert_int_equal(experiment_threads(&b), 2);
    b = a;
    b.n = 501;
    assert_false(experiment_same_setting(&a, &b));
    b = a;
    b.workload = WORKLOAD_NET;
    assert_false(experiment_same_setting(&a, &b));
    a.workload = WORKLOAD_NET;
    a.n = 7; /* shape does not matter for the network */
    assert_true(experiment_same_setting(&a, &b));
}

static void test_names_and_shapes(void **state)
{
    (void)state;
    workload_kind w;
    assert_int_equal(workload_parse("train", &w), 0);
    assert_int_equal(w, WORKLOAD_TRAIN);
    assert_string_equal(workload_name(WORKLOAD_NET), "net");
    assert_int_equal(workload_parse("Train", &w), -1);
    char buf[64];
    experiment e = experiment_default();
    experiment_describe_shape(&e, buf, sizeof buf);
    assert_string_equal(buf, "n=500");
    e.m = 7;
    experiment_describe_shape(&e, buf, sizeof buf);
    assert_string_equal(buf, "7x500x500");
    e.workload = WORKLOAD_TRAIN;
    experiment_describe_shape(&e, buf, sizeof buf);
    assert_string_equal(buf, "batch=64");
    assert_true(experiment_flops(&e) >
                2.0 * experiment_flops(&(experiment){.workload = WORKLOAD_NET, .batch = 64}));
}

/* Given beats tuned beats the variant's own; unused knobs are reported unused. */
static void test_resolve_sources(void **state)
{
    (void)state;
    const int block = variants_knob_find("block"), mc = variants_knob_find("mc");
    assert_true(block >= 0 && mc >= 0);
    experiment e = experiment_default();
    e.variant = variant_find("blocked");
    experiment_knobs kn;
    variants_tuned_clear();
    experiment_resolve(&e, &kn);
    assert_int_equal(kn.source[block], KNOB_DEFAULT);
    assert_int_equal(kn.value[block], variants_knob(block)->def);
    assert_int_equal(kn.source[mc], KNOB_UNUSED);
    variants_tuned_set(e.variant, block, 48);
    experiment_resolve(&e, &kn);
    assert_int_equal(kn.source[block], KNOB_TUNED);
    assert_int_equal(kn.value[block], 48);
    e.knob[block] = 32;
    experiment_resolve(&e, &kn);
    assert_int_equal(kn.source[block], KNOB_GIVEN);
    assert_int_equal(kn.value[block], 32);
    /* the tuned value belongs to blocked only */
    e.knob[block] = 0;
    e.variant = variant_find("packed");
    experiment_resolve(&e, &kn);
    assert_int_equal(kn.source[block], KNOB_DEFAULT);
    /* a variant that picks its own values reports them as its model's */
    e.variant = variant_find("microkernel");
    experiment_resolve(&e, &kn);
    assert_int_equal(kn.source[mc], KNOB_MODEL);
    assert_true(kn.value[mc] > 0);
    variants_tuned_clear();
}

static void test_knob_ranges_refused(void **state)
{
    (void)state;
    experiment e = experiment_default();
    const int block = variants_knob_find("block");
    e.knob[block] = variants_knob(block)->max + 1;
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    assert_non_null(strstr(err, "out of range"));
    e.knob[block] = 0;
    assert_int_equal(experiment_validate(&e, err, sizeof err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_is_valid), cmocka_unit_test(test_refuses_before_allocating),
        cmocka_unit_test(test_settings_compare), cmocka_unit_test(test_names_and_shapes),
        cmocka_unit_test(test_resolve_sources),  cmocka_unit_test(test_knob_ranges_refused),
    };
    return cmocka_run_group_tests_name("experiment", tests, NULL, NULL);
}
