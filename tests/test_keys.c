/* The key table: every documented key maps to its action, no key is bound twice, every
 * F-key has a letter alias, and the actions walk the setting ladders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <curses.h>
#include <string.h>

#include "keys.h"

static void test_fixed_keys(void **state)
{
    (void)state;
    static const struct {
        int key;
        key_action action;
    } fixed[] = {
        {'v', ACT_VARIANT_NEXT}, {'V', ACT_VARIANT_PREV}, {'b', ACT_BLOCK_UP},
        {'B', ACT_BLOCK_DOWN},   {'+', ACT_SIZE_UP},      {'-', ACT_SIZE_DOWN},
        {'t', ACT_THREADS_UP},   {'T', ACT_THREADS_DOWN}, {'w', ACT_WORKLOAD},
        {' ', ACT_PAUSE},        {'r', ACT_RESET},        {'s', ACT_SWEEP},
        {'e', ACT_EXPORT},       {'?', ACT_HELP},         {'h', ACT_HELP},
        {KEY_F(1), ACT_HELP},    {'q', ACT_QUIT},         {KEY_F(10), ACT_QUIT},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        assert_int_equal(keys_action(fixed[i].key), fixed[i].action);
    assert_int_equal(keys_action('Z'), ACT_NONE);
}

static void test_table_has_no_duplicates_and_full_help(void **state)
{
    (void)state;
    int n;
    const key_binding *t = keys_table(&n);
    for (int i = 0; i < n; i++) {
        assert_non_null(t[i].name);
        assert_true(strlen(t[i].help) > 3);
        for (int j = 0; j < i; j++)
            if (t[i].key == t[j].key)
                fail_msg("key %s bound twice", t[i].name);
    }
    /* every F-key has a letter alias */
    for (int i = 0; i < n; i++) {
        if (t[i].key < KEY_F0 || t[i].key > KEY_F(63))
            continue;
        bool alias = false;
        for (int j = 0; j < n; j++)
            alias = alias || (t[j].action == t[i].action && t[j].key < 128);
        assert_true(alias);
    }
}

static void test_every_action_has_a_key(void **state)
{
    (void)state;
    int n;
    const key_binding *t = keys_table(&n);
    for (int a = ACT_NONE + 1; a <= ACT_REDRAW; a++) {
        bool bound = false;
        for (int i = 0; i < n; i++)
            bound = bound || (int)t[i].action == a;
        if (!bound)
            fail_msg("action %d has no key", a);
    }
}

static void test_apply_walks_ladders(void **state)
{
    (void)state;
    experiment e = experiment_default();
    e.variant = kernel_count() - 1;
    assert_true(keys_apply(ACT_VARIANT_NEXT, &e, 4));
    assert_int_equal(e.variant, 0);
    assert_true(keys_apply(ACT_VARIANT_PREV, &e, 4));
    assert_int_equal(e.variant, kernel_count() - 1);
    e.m = e.n = e.k = 500;
    assert_true(keys_apply(ACT_SIZE_UP, &e, 4));
    assert_true(e.n == 512 && e.m == 512 && e.k == 512);
    assert_true(keys_apply(ACT_SIZE_DOWN, &e, 4));
    assert_int_equal(e.n, 500);
    e.m = e.n = e.k = keys_sizes[keys_nsizes - 1];
    assert_false(keys_apply(ACT_SIZE_UP, &e, 4)); /* the top of the ladder stays put */
    assert_int_equal(e.n, keys_sizes[keys_nsizes - 1]);
    e.tun.block = 64;
    assert_true(keys_apply(ACT_BLOCK_UP, &e, 4));
    assert_int_equal(e.tun.block, 96);
    e.tun.threads = 1;
    assert_false(keys_apply(ACT_THREADS_DOWN, &e, 4));
    assert_true(keys_apply(ACT_THREADS_UP, &e, 4));
    assert_int_equal(e.tun.threads, 2);
    e.tun.threads = 4;
    assert_false(keys_apply(ACT_THREADS_UP, &e, 4));
    e.workload = WORKLOAD_MATMUL;
    assert_true(keys_apply(ACT_WORKLOAD, &e, 4));
    assert_int_equal(e.workload, WORKLOAD_NET);
    e.batch = 64;
    assert_true(keys_apply(ACT_SIZE_UP, &e, 4));
    assert_int_equal(e.batch, 128);
    assert_int_equal(e.n, keys_sizes[keys_nsizes - 1]); /* the matrix size is left alone */
    assert_true(keys_apply(ACT_WORKLOAD, &e, 4) && e.workload == WORKLOAD_TRAIN);
    assert_true(keys_apply(ACT_WORKLOAD, &e, 4) && e.workload == WORKLOAD_MATMUL);
    assert_false(keys_apply(ACT_QUIT, &e, 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_keys),
        cmocka_unit_test(test_table_has_no_duplicates_and_full_help),
        cmocka_unit_test(test_every_action_has_a_key),
        cmocka_unit_test(test_apply_walks_ladders),
    };
    return cmocka_run_group_tests_name("keys", tests, NULL, NULL);
}
