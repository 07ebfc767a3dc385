/* The key table: the fixed letters, no key bound twice, every F-key with a letter alias,
 * the tunables' keys derived from the registry, and the ladders the keys walk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <curses.h>
#include <string.h>

#include "keys.h"

static key_action action_of(int key)
{
    const key_binding *b = keys_find(key);
    return b ? b->action : ACT_NONE;
}

static void test_fixed_keys(void **state)
{
    (void)state;
    static const struct {
        int key;
        key_action action;
    } fixed[] = {
        {'v', ACT_VARIANT_NEXT}, {'V', ACT_VARIANT_PREV}, {'+', ACT_SIZE_UP}, {'-', ACT_SIZE_DOWN},
        {'w', ACT_WORKLOAD},     {' ', ACT_PAUSE},        {'r', ACT_RESET},   {'s', ACT_SWEEP},
        {'e', ACT_EXPORT},       {'?', ACT_HELP},         {'h', ACT_HELP},    {KEY_F(1), ACT_HELP},
        {'q', ACT_QUIT},         {KEY_F(10), ACT_QUIT},   {'g', ACT_CHART},   {'S', ACT_SIZE_SWEEP},
        {'u', ACT_BLOCK_SWEEP},  {'W', ACT_SAVE_BEST},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        assert_int_equal(action_of(fixed[i].key), fixed[i].action);
    assert_int_equal(action_of('Z'), ACT_NONE);
}

/* b/B and t/T come from the variants' descriptions of block and threads. */
static void test_tunable_keys_from_the_registry(void **state)
{
    (void)state;
    const int block = variants_knob_find("block"), threads = variants_threads_knob();
    const key_binding *b = keys_find('b'), *B = keys_find('B');
    const key_binding *t = keys_find('t'), *T = keys_find('T');
    assert_non_null(b);
    assert_non_null(B);
    assert_non_null(t);
    assert_non_null(T);
    assert_true(b->action == ACT_KNOB_UP && b->arg == block);
    assert_true(B->action == ACT_KNOB_DOWN && B->arg == block);
    assert_true(t->action == ACT_KNOB_UP && t->arg == threads);
    assert_true(T->action == ACT_KNOB_DOWN && T->arg == threads);
    /* every tunable that declares keys has them bound */
    for (int k = 0; k < variants_knob_count(); k++) {
        const variant_tunable *vt = variants_knob(k);
        if (vt->key_up)
            assert_true(action_of(vt->key_up) == ACT_KNOB_UP && keys_find(vt->key_up)->arg == k);
    }
}

static void test_table_has_no_duplicates_and_full_help(void **state)
{
    (void)state;
    int n;
    const key_binding *t = keys_table(&n);
    for (int i = 0; i < n; i++) {
        assert_non_null(t[i].name);
        assert_true(strlen(t[i].help) > 3);
        /* whole in the help overlay: 64 columns, borders and the keys' column taken */
        if (strlen(t[i].help) > 51)
            fail_msg("help of %s is cut in the overlay: %s", t[i].name, t[i].help);
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

/* Every action has a key in the demo's table; every one but the demo's own in the
 * dashboard's. */
static void test_every_action_has_a_key(void **state)
{
    (void)state;
    for (int demo = 0; demo < 2; demo++) {
        int n;
        const key_binding *t = keys_table_mode(demo, &n);
        for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
            bool bound = false;
            for (int i = 0; i < n; i++)
                bound = bound || (int)t[i].action == a;
            const bool demo_only = a == ACT_DEMO_NEXT || a == ACT_DEMO_BACK;
            if (bound != (demo || !demo_only))
                fail_msg("action %d: bound %d in the %s table", a, bound,
                         demo ? "demo's" : "dashboard's");
        }
    }
}

/* In the demo, Space and n go on, Backspace (all three codes) and p go back, P pauses; the
 * dashboard's other keys work as they do there, and no key is bound twice. */
static void test_demo_keys(void **state)
{
    (void)state;
    static const struct {
        int key;
        key_action action;
    } demo[] = {
        {' ', ACT_DEMO_NEXT},
        {'n', ACT_DEMO_NEXT},
        {'p', ACT_DEMO_BACK},
        {127, ACT_DEMO_BACK},
        {KEY_BACKSPACE, ACT_DEMO_BACK},
        {8, ACT_DEMO_BACK},
        {'P', ACT_PAUSE},
        {'q', ACT_QUIT},
        {'v', ACT_VARIANT_NEXT},
        {'s', ACT_SWEEP},
        {'?', ACT_HELP},
        {KEY_F(10), ACT_QUIT},
    };
    for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
        const key_binding *b = keys_find_mode(true, demo[i].key);
        assert_non_null(b);
        assert_int_equal(b->action, demo[i].action);
    }
    /* the dashboard keeps its own */
    assert_int_equal(action_of(' '), ACT_PAUSE);
    assert_int_equal(action_of('p'), ACT_PAUSE);
    assert_null(keys_find('n'));
    int n;
    const key_binding *t = keys_table_mode(true, &n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (t[i].key == t[j].key)
                fail_msg("demo: key %s bound twice", t[i].name);
    /* the key bar names the demo's keys */
    bool next = false, back = false;
    for (int i = 0; i < n; i++) {
        next = next || (t[i].action == ACT_DEMO_NEXT && t[i].bar);
        back = back || (t[i].action == ACT_DEMO_BACK && t[i].bar);
    }
    assert_true(next && back);
}

/* The key bar as panel_footer draws it fits 80 columns whole, quit included. */
static void test_bar_fits_80_columns(void **state)
{
    (void)state;
    int n, width = 0;
    bool quit = false, chart = false;
    const key_binding *t = keys_table(&n);
    for (int i = 0; i < n; i++) {
        if (!t[i].bar)
            continue;
        const char *key = t[i].action == ACT_SIZE_UP ? "+-" : t[i].key == ' ' ? "Spc" : t[i].name;
        width += (int)(strlen(key) + strlen(t[i].bar) + 1);
        quit = quit || t[i].action == ACT_QUIT;
        chart = chart || t[i].action == ACT_CHART;
    }
    print_message("key bar: %d columns\n", width);
    assert_true(width <= 80);
    assert_true(quit && chart);
}

static bool press(int key, experiment *e, int max_threads)
{
    return keys_apply(keys_find(key), e, max_threads);
}

static void test_apply_walks_ladders(void **state)
{
    (void)state;
    const int block = variants_knob_find("block");
    experiment e = experiment_default();
    e.variant = variants_count() - 1;
    assert_true(press('v', &e, 4));
    assert_int_equal(e.variant, 0);
    assert_true(press('V', &e, 4));
    assert_int_equal(e.variant, variants_count() - 1);
    e.m = e.n = e.k = 500;
    assert_true(press('+', &e, 4));
    assert_true(e.n == 512 && e.m == 512 && e.k == 512);
    assert_true(press('-', &e, 4));
    assert_int_equal(e.n, 500);
    e.m = e.n = e.k = keys_sizes[keys_nsizes - 1];
    assert_false(press('+', &e, 4)); /* the top of the ladder stays put */
    assert_int_equal(e.n, keys_sizes[keys_nsizes - 1]);
    e.knob[block] = 64;
    assert_true(press('b', &e, 4));
    assert_int_equal(e.knob[block], 96);
    assert_true(press('B', &e, 4));
    assert_true(press('B', &e, 4));
    assert_int_equal(e.knob[block], 48);
    /* a block left to the variant starts from the value it runs */
    e.variant = variant_find("blocked");
    e.knob[block] = 0;
    assert_true(press('b', &e, 4));
    assert_int_equal(e.knob[block], 96);
    experiment_set_threads(&e, 1);
    assert_false(press('T', &e, 4));
    assert_true(press('t', &e, 4));
    assert_int_equal(experiment_threads(&e), 2);
    experiment_set_threads(&e, 4);
    assert_false(press('t', &e, 4));
    e.workload = WORKLOAD_MATMUL;
    assert_true(press('w', &e, 4));
    assert_int_equal(e.workload, WORKLOAD_NET);
    e.batch = 64;
    assert_true(press('+', &e, 4));
    assert_int_equal(e.batch, 128);
    assert_int_equal(e.n, keys_sizes[keys_nsizes - 1]); /* the matrix size is left alone */
    assert_true(press('w', &e, 4) && e.workload == WORKLOAD_TRAIN);
    assert_true(press('w', &e, 4) && e.workload == WORKLOAD_MATMUL);
    assert_false(press('q', &e, 4));
    assert_false(keys_apply(NULL, &e, 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_keys),
        cmocka_unit_test(test_tunable_keys_from_the_registry),
        cmocka_unit_test(test_table_has_no_duplicates_and_full_help),
        cmocka_unit_test(test_every_action_has_a_key),
        cmocka_unit_test(test_demo_keys),
        cmocka_unit_test(test_bar_fits_80_columns),
        cmocka_unit_test(test_apply_walks_ladders),
    };
    return cmocka_run_group_tests_name("keys", tests, NULL, NULL);
}
