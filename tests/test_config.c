/* Saved dashboard settings: only what keys changed is saved; a round trip keeps it; an
 * unchanged file is not rewritten; broken, unreadable or odd files are reported and never
 * overwritten; other sections and keys survive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/config.h"

static char dir[] = "/tmp/tttop-config-XXXXXX";
static char path[256];
static char err[512];

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

static void write_file(const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_file(void)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Keys that changed variant and block: only those are noted. */
static void test_notes_only_changes(void **state)
{
    (void)state;
    settings s = {0};
    experiment before = experiment_default(), after = before;
    settings_note_changes(&s, &before, &after);
    assert_int_equal(s.set, 0);
    after.variant = variant_find("packed");
    after.knob[variants_knob_find("block")] = 32;
    settings_note_changes(&s, &before, &after);
    assert_int_equal(s.set, SET_VARIANT | SET_KNOB(variants_knob_find("block")));
    experiment e = experiment_default();
    e.m = e.n = e.k = 2000; /* from the command line: not in s, so left alone */
    int delay = 10;
    settings_apply(&s, &e, &delay);
    assert_int_equal(e.variant, variant_find("packed"));
    assert_int_equal(e.knob[variants_knob_find("block")], 32);
    assert_int_equal(e.n, 2000);
    assert_int_equal(delay, 10);
}

static void test_round_trip_and_no_rewrite(void **state)
{
    (void)state;
    unlink(path);
    settings none;
    assert_int_equal(config_load(path, &none, err, sizeof err), 0);
    assert_int_equal(none.set, 0);
    /* nothing changed: no file is created */
    settings empty = {0};
    assert_int_equal(config_save(path, &empty, err, sizeof err), 0);
    assert_int_equal(access(path, F_OK), -1);

    settings s = {0};
    experiment before = experiment_default(), after = before;
    after.workload = WORKLOAD_TRAIN;
    after.batch = 128;
    experiment_set_threads(&after, 2);
    settings_note_changes(&s, &before, &after);
    assert_int_equal(config_save(path, &s, err, sizeof err), 0);
    settings back;
    assert_int_equal(config_load(path, &back, err, sizeof err), 0);
    assert_int_equal(back.set, s.set);
    experiment e = experiment_default();
    int delay = 10;
    settings_apply(&back, &e, &delay);
    assert_int_equal(e.workload, WORKLOAD_TRAIN);
    assert_int_equal(e.batch, 128);
    assert_int_equal(experiment_threads(&e), 2);
    assert_int_equal(e.n, experiment_default().n);

    struct stat st0, st1;
    assert_int_equal(stat(path, &st0), 0);
    sleep(1);
    assert_int_equal(config_save(path, &s, err, sizeof err), 0); /* same values again */
    assert_int_equal(stat(path, &st1), 0);
    assert_true(st0.st_mtime == st1.st_mtime && st0.st_ino == st1.st_ino);

    /* a later session's change merges with what the file holds */
    settings more = {0};
    after = experiment_default();
    after.variant = variant_find("naive");
    settings_note_changes(&more, &before, &after);
    assert_int_equal(config_save(path, &more, err, sizeof err), 0);
    assert_int_equal(config_load(path, &back, err, sizeof err), 0);
    e = experiment_default();
    settings_apply(&back, &e, &delay);
    assert_int_equal(e.variant, variant_find("naive"));
    assert_int_equal(e.batch, 128);
}

static void test_broken_file_is_reported_and_kept(void **state)
{
    (void)state;
    static const struct {
        const char *text, *needle;
    } broken[] = {
        {"[dashboard]\nvariant = turbo\n", "line 2: variant = 'turbo'"},
        {"[dashboard]\nm = -5\n", "line 2"},
        {"[dashboard\nworkload = matmul\n", "line 1"},
        {"\n\n[dashboard]\ndelay = lots\n", "line 4: delay"},
        {"[dashboard]\nblock = 999999\n", "block"},
        /* found by fuzz_settings: a size in part is no size */
        {"[dashboard]\nm = 300\nn = 200\n", "m, n and k go together"},
        /* a line longer than the parser reads whole: not read as two lines */
        {"[dashboard]\n# "
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx variant = naive\n",
         "line 2"},
        {"[dashboard]\nvariant = \x1b[2Jnaive\n", "'\\x1b[2Jnaive'"},
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        write_file(broken[i].text);
        settings s;
        err[0] = '\0';
        assert_int_equal(config_load(path, &s, err, sizeof err), -1);
        assert_int_equal(s.set, 0);
        assert_non_null(strstr(err, path));
        if (!strstr(err, broken[i].needle))
            fail_msg("'%s' does not say '%s'", err, broken[i].needle);
        assert_null(strchr(err, '\n'));
        /* and a save leaves the user's file as it is */
        settings change = {.set = SET_BATCH, .batch = 8};
        assert_int_equal(config_save(path, &change, err, sizeof err), -1);
        assert_string_equal(read_file(), broken[i].text);
    }
    /* unknown keys and sections from other versions are fine */
    write_file("[dashboard]\ncolour_scheme = dark\nbatch = 32\n[other]\nx = 1\n");
    settings s;
    assert_int_equal(config_load(path, &s, err, sizeof err), 0);
    assert_int_equal(s.set, SET_BATCH);
    assert_int_equal(s.batch, 32);
}

/* A FIFO or a directory in the file's place is refused at once, not read forever. */
static void test_odd_files_refused(void **state)
{
    (void)state;
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    settings s;
    assert_int_equal(config_load(path, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a regular file"));
    unlink(path);
    assert_int_equal(symlink("/dev/zero", path), 0);
    assert_int_equal(config_load(path, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a regular file"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notes_only_changes),
        cmocka_unit_test(test_round_trip_and_no_rewrite),
        cmocka_unit_test(test_broken_file_is_reported_and_kept),
        cmocka_unit_test(test_odd_files_refused),
    };
    return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
