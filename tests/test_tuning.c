/* tuning.ini: generic "<variant>.<tunable>" entries per machine, a round trip that keeps
 * other machines and every other entry, no limit on entries, bad entries skipped with
 * file and line, unreadable files never overwritten; and every candidate `tttop tune` may
 * save is correct. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/variant_call.h"
#include "store/config_file.h"
#include "store/tuning.h"

static char dir[] = "/tmp/tttop-tuning-XXXXXX";
static char path[256], err[512], warn[2048];

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/tuning.ini", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    variants_tuned_clear();
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
    static char buf[1 << 16];
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int knob(const char *name)
{
    return variants_knob_find(name);
}

static void test_round_trip_keeps_other_entries(void **state)
{
    (void)state;
    char machine[160], other[2048];
    tuning_machine_key(machine, sizeof machine);
    snprintf(other, sizeof other,
             "[Some Other CPU, 64 cpus]\nblocked.block = 32\n\n[%s]\npacked.block = 96\n", machine);
    write_file(other);
    const int blocked = variant_find("blocked"), mk = variant_find("microkernel");
    tuning_value v[] = {{blocked, knob("block"), 128},
                        {mk, knob("mc"), 72},
                        {mk, knob("kc"), 384},
                        {mk, knob("nc"), 2048}};
    assert_int_equal(tuning_save(path, v, 4, err, sizeof err), 0);
    const char *text = read_file();
    assert_non_null(strstr(text, "[Some Other CPU, 64 cpus]\nblocked.block = 32"));
    assert_non_null(strstr(text, "packed.block = 96")); /* not tuned this time: kept */
    assert_non_null(strstr(text, "microkernel.kc = 384"));
    variants_tuned_clear();
    assert_int_equal(tuning_load(path, warn, sizeof warn, err, sizeof err), 5);
    assert_string_equal(warn, "");
    assert_int_equal(variants_tuned_get(blocked, knob("block")), 128);
    assert_int_equal(variants_tuned_get(variant_find("packed"), knob("block")), 96);
    assert_int_equal(variants_tuned_get(mk, knob("nc")), 2048);
    /* saving again replaces this machine's value, once */
    v[0].value = 64;
    assert_int_equal(tuning_save(path, v, 1, err, sizeof err), 0);
    text = read_file();
    const char *first = strstr(text, "blocked.block = 64");
    assert_non_null(first);
    assert_null(strstr(text, "blocked.block = 128"));
    assert_non_null(strstr(text, "blocked.block = 32"));
}

/* Many machines: far more entries than any fixed table would hold. */
static void test_no_entry_limit(void **state)
{
    (void)state;
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int m = 0; m < 400; m++)
        fprintf(f, "[Machine %d, 8 cpus]\nblocked.block = 32\npacked.block = 48\n", m);
    fclose(f);
    tuning_value v = {variant_find("blocked"), knob("block"), 96};
    assert_int_equal(tuning_save(path, &v, 1, err, sizeof err), 0);
    const char *text = read_file();
    assert_non_null(strstr(text, "[Machine 0, 8 cpus]"));
    assert_non_null(strstr(text, "[Machine 399, 8 cpus]\nblocked.block = 32\npacked.block = 48"));
    assert_non_null(strstr(text, "blocked.block = 96"));
}

static void test_bad_entries_and_broken_files(void **state)
{
    (void)state;
    variants_tuned_clear();
    assert_int_equal(tuning_load("/nonexistent/tuning.ini", warn, sizeof warn, err, sizeof err), 0);
    char machine[160], text[1024];
    tuning_machine_key(machine, sizeof machine);
    snprintf(text, sizeof text,
             "[%s]\nblocked.block = 1048576\npacked.block = 48\nturbo.block = 3\n"
             "naive.block = 8\nblocked.block = x\n",
             machine);
    write_file(text);
    assert_int_equal(tuning_load(path, warn, sizeof warn, err, sizeof err), 1);
    assert_int_equal(variants_tuned_get(variant_find("packed"), knob("block")), 48);
    assert_int_equal(variants_tuned_get(variant_find("blocked"), knob("block")), 0);
    char line2[300];
    snprintf(line2, sizeof line2, "%s:2: blocked.block = '1048576' is not in", path);
    assert_non_null(strstr(warn, line2));
    assert_non_null(strstr(warn, ":4: turbo.block"));
    assert_non_null(strstr(warn, ":5: naive.block")); /* naive has no block */
    assert_non_null(strstr(warn, ":6: blocked.block = 'x'"));
    /* a file that does not parse is reported and never replaced */
    write_file("[broken\nblocked.block = 32\n");
    assert_int_equal(tuning_load(path, warn, sizeof warn, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 1"));
    tuning_value v = {variant_find("blocked"), knob("block"), 64};
    assert_int_equal(tuning_save(path, &v, 1, err, sizeof err), -1);
    assert_string_equal(read_file(), "[broken\nblocked.block = 32\n");
}

/* Entries of other machines come back as they were read, however odd: an empty key, a
 * value that starts with ';', a line at the parser's limit (found by fuzz_tuning). A line
 * longer than the parser reads whole makes the file not valid, never two entries. */
static void test_odd_entries_round_trip(void **state)
{
    (void)state;
    char longline[400];
    memset(longline, 'v', sizeof longline);
    snprintf(longline, sizeof longline, "[other]\nk=%.*s\n", CONFIG_FILE_MAX_LINE - 2,
             "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"
             "vvvvvvvvv"
             "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"
             "vvvvvvvvv"
             "vvvvvvvvvvvvvvvvvvvvvv");
    char text[1024];
    /* and a value on a continuation line of its own, too long for "key = value" */
    snprintf(text, sizeof text,
             "[odd]\n:empty key\nsemi:;colon\n%s[cont]\nkey.of.some.length = a\n %s\n"
             "[semi2]\nkept = a\n b ;not a comment\n",
             longline, longline + 10);
    write_file(text);
    tuning_value v = {variant_find("blocked"), knob("block"), 64};
    assert_int_equal(tuning_save(path, &v, 1, err, sizeof err), 0);
    const char *saved = read_file();
    assert_non_null(strstr(saved, "\n=empty key\n"));
    assert_non_null(strstr(saved, "\nsemi=;colon\n"));
    assert_non_null(strstr(saved, "\nkept = a\n b ;not a comment\n"));
    char again[1 << 16];
    snprintf(again, sizeof again, "%s", saved);
    assert_int_equal(tuning_save(path, &v, 1, err, sizeof err), 0);
    assert_string_equal(read_file(), again); /* a second save writes the same file */
    for (const char *line = saved; *line;) {
        const char *nl = strchr(line, '\n');
        assert_true((nl ? (size_t)(nl - line) : strlen(line)) <= CONFIG_FILE_MAX_LINE);
        line = nl ? nl + 1 : line + strlen(line);
    }
    char too_long[600];
    memset(too_long, 'x', sizeof too_long);
    snprintf(too_long, sizeof too_long, "[other]\nk = %.*s\nsplit = no\n", 300,
             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
             "xxxxxxxxxxx"
             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
             "xxxxxxxxxxx"
             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
             "xxxxxxxxxxx"
             "xxxxxxxxxxxx");
    write_file(too_long);
    assert_int_equal(tuning_load(path, warn, sizeof warn, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 2 is not valid"));
    assert_int_equal(tuning_save(path, &v, 1, err, sizeof err), -1);
    assert_string_equal(read_file(), too_long);
}

/* This machine's section twice in one file (found by fuzz_tuning): the new value is
 * written once, the old ones dropped from both. */
static void test_machine_section_twice(void **state)
{
    (void)state;
    char machine[160], text[1024];
    tuning_machine_key(machine, sizeof machine);
    snprintf(text, sizeof text,
             "[%s]\nblocked.block = 16\n[other]\nx = 1\n[%s]\nblocked.block = 24\n", machine,
             machine);
    write_file(text);
    tuning_value v = {variant_find("blocked"), knob("block"), 64};
    assert_int_equal(tuning_save(path, &v, 1, err, sizeof err), 0);
    const char *saved = read_file();
    const char *first = strstr(saved, "blocked.block = 64");
    assert_non_null(first);
    assert_null(strstr(first + 1, "blocked.block = 64"));
    assert_null(strstr(saved, "blocked.block = 16"));
    assert_null(strstr(saved, "blocked.block = 24"));
    assert_non_null(strstr(saved, "[other]\nx = 1\n"));
    /* the second section held only the replaced value: no empty header is left of it */
    char header[200];
    snprintf(header, sizeof header, "[%s]", machine);
    assert_null(strstr(strstr(saved, header) + 1, header));
    char *again = strdup(saved);
    assert_int_equal(tuning_save(path, &v, 1, err, sizeof err), 0);
    assert_string_equal(read_file(), again);
    free(again);
}

/* A file that cannot be read is never replaced: a directory in its place... */
static void test_directory_in_place_kept(void **state)
{
    (void)state;
    tuning_value v = {variant_find("blocked"), knob("block"), 64};
    unlink(path);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(tuning_load(path, warn, sizeof warn, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a regular file"));
    assert_int_equal(tuning_save(path, &v, 1, err, sizeof err), -1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    rmdir(path);
}

/* ... and a file without read permission (root reads anything: skipped as root). */
static void test_unreadable_never_overwritten(void **state)
{
    (void)state;
    tuning_value v = {variant_find("blocked"), knob("block"), 64};
    write_file("[x]\na.b = 1\n");
    chmod(path, 0);
    if (access(path, R_OK) == 0) {
        chmod(path, 0600);
        print_message("SKIPPED: an unreadable tuning.ini: root can read a file of mode 000\n");
        skip();
    }
    assert_int_equal(tuning_save(path, &v, 1, err, sizeof err), -1);
    chmod(path, 0600);
    assert_string_equal(read_file(), "[x]\na.b = 1\n");
}

/* Every candidate the tuner may pick and save is correct, on a shape that fits none of
 * them (and with 1 and 3 threads where the variant uses threads). */
static double max_rel_err_vs_reference(int v, const kernel_tunables *tun)
{
    enum { M = 131, N = 197, K = 203 }; /* big enough for 3 threads */
    static double a[M * K], b[K * N], c[M * N], r[M * N];
    for (int i = 0; i < M * K; i++)
        a[i] = (i % 17) * 0.125 - 1.0;
    for (int i = 0; i < K * N; i++)
        b[i] = (i % 13) * 0.25 - 1.5;
    kernel_tunables one = {.threads = 1};
    variant_reference_kernel()->run(M, N, K, a, K, b, N, r, N, &one, NULL);
    assert_int_equal(variant_kernel(v)->run(M, N, K, a, K, b, N, c, N, tun, NULL), KERNEL_DONE);
    double diff = 0.0, ref = 0.0;
    for (int i = 0; i < M * N; i++) {
        diff = fmax(diff, fabs(c[i] - r[i]));
        ref = fmax(ref, fabs(r[i]));
    }
    return diff / ref;
}

static void test_every_candidate_is_correct(void **state)
{
    (void)state;
    for (int v = 0; v < variants_count(); v++) {
        int knobs[VARIANT_MAX_KNOBS], n = 0;
        long count = 1;
        for (int i = 0; i < variant_tunable_count(v); i++) {
            const variant_tunable *t = variant_tunable_at(v, i);
            if (t->tuned && t->steps) {
                knobs[n++] = t->knob;
                count *= t->nsteps;
            }
        }
        if (n == 0)
            continue;
        for (long c = 0; c < count; c++) {
            for (int threads = 1; threads <= (variant_uses(v, variants_threads_knob()) ? 3 : 1);
                 threads += 2) {
                kernel_tunables tun = {.threads = threads};
                long index = c;
                for (int i = n - 1; i >= 0; i--) {
                    const variant_tunable *t = variants_knob(knobs[i]);
                    kernel_tunables_set(&tun, (kernel_knob)knobs[i], t->steps[index % t->nsteps]);
                    index /= t->nsteps;
                }
                if (!(max_rel_err_vs_reference(v, &tun) < 1e-10))
                    fail_msg("%s candidate %ld, %d threads", variant_name(v), c, threads);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_keeps_other_entries),
        cmocka_unit_test(test_no_entry_limit),
        cmocka_unit_test(test_odd_entries_round_trip),
        cmocka_unit_test(test_machine_section_twice),
        cmocka_unit_test(test_bad_entries_and_broken_files),
        cmocka_unit_test(test_directory_in_place_kept),
        cmocka_unit_test(test_unreadable_never_overwritten),
        cmocka_unit_test(test_every_candidate_is_correct),
    };
    return cmocka_run_group_tests_name("tuning", tests, setup, teardown);
}
