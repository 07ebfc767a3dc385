/* Saved dashboard settings: round trip, no write when unchanged, broken files reported
 * and ignored, command-line fields kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

static char dir[] = "/tmp/tttop-config-XXXXXX";
static char path[256];
static char err[256];

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/tttop.ini", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

static settings sample_settings(void)
{
    experiment e = experiment_default();
    e.workload = WORKLOAD_TRAIN;
    e.variant = kernel_index("microkernel");
    e.m = 300;
    e.n = 200;
    e.k = 100;
    e.batch = 128;
    e.tun.block = 32;
    e.tun.threads = 2;
    return settings_from(&e, 15);
}

static void test_round_trip_and_no_rewrite(void **state)
{
    (void)state;
    unlink(path);
    settings s = sample_settings(), back = settings_from(&(experiment){0}, 0);
    bool found;
    assert_int_equal(config_load(path, &back, &found, err, sizeof err), 0);
    assert_false(found);
    assert_int_equal(config_save(path, &s, err, sizeof err), 0);
    assert_int_equal(config_load(path, &back, &found, err, sizeof err), 0);
    assert_true(found);
    assert_memory_equal(&s, &back, sizeof s);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    sleep(1);
    assert_int_equal(config_save(path, &s, err, sizeof err), 0); /* unchanged */
    assert_int_equal(stat(path, &after), 0);
    assert_true(before.st_mtime == after.st_mtime && before.st_ino == after.st_ino);
    s.delay_tenths = 3;
    assert_int_equal(config_save(path, &s, err, sizeof err), 0);
    assert_int_equal(config_load(path, &back, &found, err, sizeof err), 0);
    assert_int_equal(back.delay_tenths, 3);
}

static void test_broken_file_is_reported(void **state)
{
    (void)state;
    static const char *const broken[] = {
        "[dashboard]\nvariant = turbo\n",
        "[dashboard]\nm = -5\n",
        "[dashboard\nworkload = matmul\n",
        "[dashboard]\ndelay = lots\n",
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        FILE *f = fopen(path, "w");
        fputs(broken[i], f);
        fclose(f);
        settings s = sample_settings(), keep = s;
        bool found = true;
        err[0] = '\0';
        assert_int_equal(config_load(path, &s, &found, err, sizeof err), -1);
        assert_memory_equal(&s, &keep, sizeof s);
        assert_non_null(strstr(err, path));
        assert_non_null(strstr(err, "ignored"));
        assert_null(strchr(err, '\n'));
    }
    /* unknown keys and sections from other versions are fine */
    FILE *f = fopen(path, "w");
    fputs("[dashboard]\ncolour_scheme = dark\nbatch = 32\n[other]\nx = 1\n", f);
    fclose(f);
    settings s = sample_settings();
    bool found;
    assert_int_equal(config_load(path, &s, &found, err, sizeof err), 0);
    assert_int_equal(s.batch, 32);
}

static void test_command_line_wins(void **state)
{
    (void)state;
    settings s = sample_settings();
    experiment e = experiment_default();
    int delay = 10;
    settings_apply(&s, &e, &delay, GIVEN_VARIANT | GIVEN_DELAY);
    assert_int_equal(e.variant, experiment_default().variant);
    assert_int_equal(delay, 10);
    assert_int_equal(e.workload, WORKLOAD_TRAIN);
    assert_int_equal(e.batch, 128);
    assert_int_equal(e.m, 300);
    assert_int_equal(e.tun.threads, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_and_no_rewrite),
        cmocka_unit_test(test_broken_file_is_reported),
        cmocka_unit_test(test_command_line_wins),
    };
    return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
