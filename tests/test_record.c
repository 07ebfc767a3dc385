/* --record: one parseable JSON line per sample with a timestamp; a failed write leaves the
 * file ending in its last whole line and stops the recording with a message; a FIFO with
 * no reader or a directory is refused at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/record.h"

static char dir[] = "/tmp/tttop-record-XXXXXX";
static char path[256], err[512];

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/r.jsonl", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

static result_row row_for(const char *variant)
{
    result_row row;
    memset(&row, 0, sizeof row);
    row.s.exp = experiment_default();
    row.s.exp.variant = variant_find(variant);
    experiment_resolve(&row.s.exp, &row.s.knobs);
    row.s.t_min = row.s.t_median = row.s.t_max = 0.01;
    row.s.gflops = 25.0;
    row.s.finished_at = 1764000000.0;
    row.s.loss = row.s.accuracy = row.s.max_rel_err = NAN;
    row.speedup_vs_baseline = row.slowdown_vs_reference = row.percent_of_peak = NAN;
    for (int i = 0; i < COUNTERS_MAX; i++)
        row.s.counts[i] = NAN;
    return row;
}

static void test_lines_parse_and_carry_a_timestamp(void **state)
{
    (void)state;
    unlink(path);
    record *rec = record_open(path, err, sizeof err);
    assert_non_null(rec);
    result_row a = row_for("naive"), b = row_for("openblas");
    assert_int_equal(record_write(rec, &a, NULL, err, sizeof err), 0);
    assert_int_equal(record_write(rec, &b, NULL, err, sizeof err), 0);
    record_close(rec);
    FILE *f = fopen(path, "r");
    char line[1 << 16];
    int lines = 0;
    while (fgets(line, sizeof line, f)) {
        json_error_t jerr;
        json_t *obj = json_loads(line, 0, &jerr);
        if (!obj)
            fail_msg("line %d does not parse: %s", lines + 1, jerr.text);
        assert_string_equal(json_string_value(json_object_get(obj, "timestamp")),
                            "2025-11-24T16:00:00.000Z");
        json_decref(obj);
        lines++;
    }
    fclose(f);
    assert_int_equal(lines, 2);
}

/* A file-size limit stops a write halfway: the half line is taken back. */
static void test_failed_write_leaves_whole_lines(void **state)
{
    (void)state;
    unlink(path);
    record *rec = record_open(path, err, sizeof err);
    result_row a = row_for("naive");
    assert_int_equal(record_write(rec, &a, NULL, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    const off_t one_line = st.st_size;
    struct rlimit old, small = {.rlim_cur = (rlim_t)(one_line + one_line / 2), .rlim_max = 0};
    getrlimit(RLIMIT_FSIZE, &old);
    small.rlim_max = old.rlim_max;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    const int rc = record_write(rec, &a, NULL, err, sizeof err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "recording stopped"));
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, one_line);
    /* and the recording stays stopped */
    assert_int_equal(record_write(rec, &a, NULL, err, sizeof err), -1);
    record_close(rec);
}

static void test_dev_full_reported(void **state)
{
    (void)state;
    record *rec = record_open("/dev/full", err, sizeof err);
    if (!rec) {
        print_message("SKIPPED: /dev/full cannot be opened here: %s\n", err);
        skip();
    }
    result_row a = row_for("naive");
    assert_int_equal(record_write(rec, &a, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "No space left"));
    record_close(rec);
}

static void test_refused_targets(void **state)
{
    (void)state;
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_null(record_open(path, err, sizeof err)); /* no reader: refused, not blocked on */
    assert_non_null(strstr(err, "FIFO with no reader"));
    unlink(path);
    assert_null(record_open(dir, err, sizeof err));
    assert_non_null(strstr(err, "--record"));
    assert_null(record_open("/nonexistent-dir/x.jsonl", err, sizeof err));
    assert_non_null(strstr(err, "No such file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_parse_and_carry_a_timestamp),
        cmocka_unit_test(test_failed_write_leaves_whole_lines),
        cmocka_unit_test(test_dev_full_reported),
        cmocka_unit_test(test_refused_targets),
    };
    return cmocka_run_group_tests_name("record", tests, setup, teardown);
}
