/* The capstone report: its tables hold the numbers of the bench JSON they came from, cell for
 * cell; two files compare side by side; a hostile or broken file is refused with one line; a
 * variant this build lacks is kept by name; an existing report is kept without --force; a
 * failed write leaves no file behind; the charts are PNG files beside the Markdown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include "report/capstone.h"
#include "report/charts.h"
#include "report/format.h"
#include "report/report_run.h"
#include "report/tools.h"

#define FIXTURE "tests/fixtures/report-run.json"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = 2 * cap + 8192;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static char *markdown_of(const report_run *runs, int nruns)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    report_doc doc = {.runs = runs,
                      .nruns = nruns,
                      .command = "tttop report --from x",
                      .written_at = "2026-11-25 12:00 UTC"};
    snprintf(doc.charts.why_not, sizeof doc.charts.why_not, "not drawn in this test");
    assert_int_equal(report_markdown_write(&doc, out), 0);
    fclose(out);
    return text;
}

/* The cells of the table row "| NAME | ..." after the line `after` (a heading), before the
 * next heading; NULL when there is none. Cells are trimmed; returns the count. */
static int row_cells(const char *md, const char *after, const char *name, char cells[16][96])
{
    const char *p = strstr(md, after);
    if (!p)
        return 0;
    p += strlen(after);
    char want[64];
    snprintf(want, sizeof want, "\n| %s |", name);
    const char *row = strstr(p, want), *next = strstr(p, "\n#");
    if (!row || (next && next < row))
        return 0;
    row += 1; /* at the first '|' */
    const char *end = strchr(row, '\n');
    int n = 0;
    const char *c = row;
    while (c < end && n < 16) {
        const char *bar = memchr(c, '|', (size_t)(end - c));
        if (!bar)
            break;
        const char *q = bar + 1;
        const char *nb = memchr(q, '|', (size_t)(end - q));
        if (!nb)
            break;
        while (*q == ' ')
            q++;
        const char *e = nb;
        while (e > q && e[-1] == ' ')
            e--;
        snprintf(cells[n++], 96, "%.*s", (int)(e - q), q);
        c = nb;
    }
    return n;
}

static double num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static void test_tables_hold_the_json_numbers(void **state)
{
    (void)state;
    char err[512];
    report_run run;
    if (report_run_read(FIXTURE, &run, err, sizeof err) != 0)
        fail_msg("%s", err);
    char *md = markdown_of(&run, 1);
    json_error_t jerr;
    json_t *root = json_load_file(FIXTURE, 0, &jerr);
    assert_non_null(root);
    const json_t *list = json_object_get(root, "results");
    int checked = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *r = json_array_get(list, i);
        const char *workload = json_string_value(json_object_get(r, "workload"));
        const char *variant = json_string_value(json_object_get(r, "variant"));
        const json_t *t = json_object_get(r, "time_s");
        char heading[64], cells[16][96], want[96];
        const bool matmul = strcmp(workload, "matmul") == 0;
        if (matmul)
            snprintf(heading, sizeof heading, "\n### n=%lld\n",
                     (long long)json_integer_value(json_object_get(r, "n")));
        else
            snprintf(heading, sizeof heading, "\n### %s, batch=%lld\n",
                     strcmp(workload, "net") == 0 ? "Forward pass" : "Training step",
                     (long long)json_integer_value(json_object_get(r, "batch")));
        const int n = row_cells(md, heading, variant, cells);
        if (n < 6)
            fail_msg("no row for %s %s under '%s'", workload, variant, heading + 1);
        /* ladder: variant tunables median min reps gflops %peak xnaive xopenblas check memory;
         * network: variant median gflops xnaive xopenblas check ... */
        const int median = matmul ? 2 : 1, gflops = matmul ? 5 : 2, speedup = matmul ? 7 : 3;
        assert_string_equal(cells[median], format_seconds(want, sizeof want, num(t, "median")));
        assert_string_equal(cells[gflops], format_gflops(want, sizeof want, num(r, "gflops")));
        assert_string_equal(cells[speedup], format_or_na(want, sizeof want,
                                                         num(r, "speedup_vs_naive"), format_ratio));
        assert_string_equal(
            cells[speedup + 1],
            format_or_na(want, sizeof want, num(r, "slowdown_vs_openblas"), format_ratio));
        if (matmul) {
            assert_string_equal(cells[3], format_seconds(want, sizeof want, num(t, "min")));
            snprintf(want, sizeof want, "%lld",
                     (long long)json_integer_value(json_object_get(r, "reps")));
            assert_string_equal(cells[4], want);
            snprintf(want, sizeof want, "%.1f%%", num(r, "percent_of_peak"));
            assert_string_equal(cells[6], want);
            const json_int_t ws = json_integer_value(json_object_get(r, "workspace_bytes"));
            if (ws > 0)
                assert_string_equal(cells[10], format_bytes(want, sizeof want, (double)ws));
            if (json_is_true(json_object_get(r, "reference")))
                assert_string_equal(cells[9], "reference");
            else {
                snprintf(want, sizeof want, "ok %.1e < %.0e", num(r, "max_rel_err"),
                         num(r, "check_tolerance"));
                assert_string_equal(cells[9], want);
            }
        }
        checked++;
    }
    assert_int_equal(checked, (int)json_array_size(list));
    /* the baseline table: naive and openblas and the slowdown, at every size */
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *r = json_array_get(list, i);
        if (strcmp(json_string_value(json_object_get(r, "workload")), "matmul") != 0 ||
            strcmp(json_string_value(json_object_get(r, "variant")), "naive") != 0)
            continue;
        char name[32], cells[16][96], want[96];
        snprintf(name, sizeof name, "n=%lld",
                 (long long)json_integer_value(json_object_get(r, "n")));
        assert_true(row_cells(md, "## Baseline: naive against openblas", name, cells) == 6);
        assert_string_equal(cells[1], format_seconds(want, sizeof want,
                                                     num(json_object_get(r, "time_s"), "median")));
        assert_string_equal(cells[5],
                            format_ratio(want, sizeof want, num(r, "slowdown_vs_openblas")));
    }
    /* every section is there, and the simulated L1 sentence of the fixture */
    static const char *const sections[] = {
        "## The machine",
        "## Where the time goes: the naive network",
        "## Baseline: naive against openblas",
        "## The optimisation ladder",
        "## Counters",
        "## The network: forward pass and training step",
        "## Charts",
    };
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        if (!strstr(md, sections[i]))
            fail_msg("no section '%s'", sections[i]);
    assert_non_null(strstr(md, "naive misses L1 on 1.00 of its B loads, reordered on 0.125"));
    assert_non_null(strstr(md, "l1d\\_misses (simulated)"));
    assert_non_null(strstr(md, "not measured (run `tttop machine`)"));
    assert_non_null(strstr(md, "synthetic digits"));
    json_decref(root);
    free(md);
    report_run_free(&run);
}

static void test_two_files_side_by_side(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp(FIXTURE, &len), err[512];
    report_run runs[2];
    assert_int_equal(report_run_parse(text, len, "before.json", &runs[0], err, sizeof err), 0);
    /* the "after" machine: every median twice as long */
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    json_t *list = json_object_get(root, "results");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *t = json_object_get(json_array_get(list, i), "time_s");
        const double med = json_number_value(json_object_get(t, "median"));
        json_object_set_new(t, "median", json_real(2 * med));
        json_object_set_new(t, "max", json_real(4 * med + 1));
    }
    assert_int_equal(report_run_from_json(root, "after.json", &runs[1], err, sizeof err), 0);
    char *md = markdown_of(runs, 2);
    assert_non_null(strstr(md, "# tttop report: 2 runs side by side"));
    assert_non_null(strstr(md, "## The machines"));
    assert_non_null(strstr(md, "| fact | before.json | after.json |"));
    char cells[16][96], want[96];
    assert_int_equal(row_cells(md, "### matmul n=64\n", "naive", cells), 4);
    const result_row *a = report_run_find(
        &runs[0], &(experiment){.workload = WORKLOAD_MATMUL, .m = 64, .n = 64, .k = 64}, "naive",
        NULL);
    assert_non_null(a);
    char t[96], g[96];
    snprintf(want, sizeof want, "%s, %s GFLOP/s", format_seconds(t, sizeof t, a->s.t_median),
             format_gflops(g, sizeof g, a->s.gflops));
    assert_string_equal(cells[1], want);
    assert_string_equal(cells[3], "0.50x"); /* first / second: the second is twice as slow */
    /* each run's own sections follow */
    assert_non_null(strstr(md, "## Run 1: before.json"));
    assert_non_null(strstr(md, "## Run 2: after.json"));
    assert_non_null(strstr(md, "### The optimisation ladder"));
    free(md);
    json_decref(root);
    report_run_free(&runs[0]);
    report_run_free(&runs[1]);
    free(text);
}

/* Each hostile document is refused with one line naming the file and, where it has one, the
 * place of the problem. */
static void test_hostile_files_refused(void **state)
{
    (void)state;
    size_t len;
    char *good = slurp(FIXTURE, &len);
    /* the fixture with one field replaced */
    static const struct {
        const char *from, *to, *says;
    } edits[] = {
        {"\"reps\": ", "\"reps\": \"1\", \"x\": ", "reps: an integer is needed, not a string"},
        {"\"gflops\": ", "\"gflops\": \"NaN\", \"x\": ", "gflops: a number is needed"},
        {"\"gflops\": ", "\"gflops\": NaN, \"x\": ", "not JSON"},
        {"\"workload\": \"matmul\"", "\"workload\": \"conv\"", "is not matmul, net or train"},
        {"\"variant\": \"naive\"", "\"variant\": \"na<b>ive\"", "is not a variant name"},
        {"\"threads\": 1", "\"threads\": -1", "threads: -1 is out of range"},
        {"\"check\": \"pass\"", "\"check\": \"maybe\"", "is not pass, fail or null"},
        {"\"min\": ", "\"min\": -1, \"y\": ", "time_s.min: -1 is out of range"},
        {"\"reference\": false", "\"reference\": \"no\"", "reference: true or false"},
        {"\"cores\": 2", "\"cores\": 2.5", "machine.cores: an integer is needed"},
        {"\"counters\": {", "\"counters\": {\"evil event\": 3, ", "is not an event name"},
    };
    char err[512];
    report_run run;
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        const char *at = strstr(good, edits[i].from);
        assert_non_null(at);
        size_t head = (size_t)(at - good), flen = strlen(edits[i].from), tlen = strlen(edits[i].to);
        char *bad = malloc(len - flen + tlen + 1);
        memcpy(bad, good, head);
        memcpy(bad + head, edits[i].to, tlen);
        memcpy(bad + head + tlen, at + flen, len - head - flen + 1);
        err[0] = '\0';
        if (report_run_parse(bad, strlen(bad), "bad.json", &run, err, sizeof err) == 0)
            fail_msg("edit %zu accepted", i);
        if (strncmp(err, "bad.json: ", 10) != 0 || strchr(err, '\n') || !strstr(err, edits[i].says))
            fail_msg("edit %zu: '%s' does not say '%s' in one line", i, err, edits[i].says);
        free(bad);
    }
    /* whole documents */
    char *deep = malloc(100003), *huge = malloc(20 * 5000 + 64);
    memset(deep, '[', 100000);
    strcpy(deep + 100000, "]");
    strcpy(huge, "{\"machine\": {}, \"results\": [");
    for (int i = 0; i < 5000; i++)
        strcat(huge, i ? ",{}" : "{}");
    strcat(huge, "]}");
    char *cut = strndup(good, len / 2);
    const struct {
        const char *text, *says;
    } docs[] = {
        {"", "not JSON"},
        {"hello", "not JSON"},
        {"[1, 2]", "not a tttop results file"},
        {"{\"results\": [{}]}", "machine: missing"},
        {"{\"machine\": {}, \"results\": []}", "nothing was measured"},
        {"{\"machine\": {}, \"results\": [1]}", "results[0]: an object is needed"},
        {"{\"machine\": {}, \"results\": \"all\"}", "results: an array is needed"},
        {"{\"a\": 1, \"a\": 2}", "not JSON"},
        {deep, "not JSON"},
        {huge, "more than the 4096"},
        {cut, "truncated"},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        err[0] = '\0';
        if (report_run_parse(docs[i].text, strlen(docs[i].text), "doc.json", &run, err,
                             sizeof err) == 0)
            fail_msg("document %zu accepted", i);
        if (strncmp(err, "doc.json: ", 10) != 0 || strchr(err, '\n') || !strstr(err, docs[i].says))
            fail_msg("document %zu: '%s' does not say '%s' in one line", i, err, docs[i].says);
    }
    /* not a regular file, and a file that is not there */
    assert_int_equal(report_run_read("/dev/zero", &run, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a regular file"));
    assert_int_equal(report_run_read("/nonexistent/r.json", &run, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/r.json: "));
    free(cut);
    free(deep);
    free(huge);
    free(good);
}

static void test_unknown_variant_kept_by_name(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp(FIXTURE, &len), err[512];
    char *at = strstr(text, "\"variant\": \"packed\"");
    assert_non_null(at);
    memcpy(at, "\"variant\": \"hyper6\"", 19); /* same length */
    report_run run;
    if (report_run_parse(text, len, "newer.json", &run, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(run.nunknown, 1);
    char *md = markdown_of(&run, 1);
    char cells[16][96];
    assert_true(row_cells(md, "\n### n=32\n", "hyper6", cells) >= 10);
    assert_string_equal(cells[1], "?"); /* its tunables are unknown here */
    free(md);
    report_run_free(&run);
    free(text);
}

static char tmpdir[] = "/tmp/tttop-capstone-XXXXXX";

static void path_in(char *out, size_t len, const char *name)
{
    snprintf(out, len, "%s/%s", tmpdir, name);
}

static int count_files(const char *prefix)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)))
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return n;
}

static void test_existing_report_kept(void **state)
{
    (void)state;
    char md[512], err[512];
    path_in(md, sizeof md, "kept.md");
    FILE *f = fopen(md, "w");
    fputs("my notes\n", f);
    fclose(f);
    capstone_paths p;
    assert_int_equal(capstone_paths_for(md, &p, err, sizeof err), 0);
    assert_int_equal(capstone_check(&p, true, false, err, sizeof err), -1);
    assert_non_null(strstr(err, "exists (--force replaces it)"));
    assert_int_equal(capstone_check(&p, true, true, err, sizeof err), 0);
    /* written anyway without force: refused at the end too, the file untouched */
    report_run run;
    assert_int_equal(report_run_read(FIXTURE, &run, err, sizeof err), 0);
    report_doc doc = {.runs = &run, .nruns = 1};
    setenv("PATH", "/nonexistent", 1); /* no gnuplot: this test is about the Markdown */
    assert_int_equal(capstone_write(&doc, &p, NULL, false, err, sizeof err), -1);
    char *kept = slurp(md, NULL);
    assert_string_equal(kept, "my notes\n");
    free(kept);
    assert_int_equal(count_files("kept.md.tmp"), 0);
    /* and replaced with force */
    assert_int_equal(capstone_write(&doc, &p, NULL, true, err, sizeof err), 0);
    char *written = slurp(md, NULL);
    assert_non_null(strstr(written, "# tttop report"));
    assert_non_null(strstr(written, "apt-get install gnuplot-nox")); /* says how to get charts */
    free(written);
    report_run_free(&run);
}

/* A write that fails half-way (the file size limit here) leaves neither the report nor a
 * temporary file. */
static void test_failed_write_leaves_nothing(void **state)
{
    (void)state;
    char md[512];
    path_in(md, sizeof md, "full.md");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char err[512];
        report_run run;
        if (report_run_read(FIXTURE, &run, err, sizeof err) != 0)
            _exit(3);
        setenv("PATH", "/nonexistent", 1);
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = {.rlim_cur = 3000, .rlim_max = 3000};
        setrlimit(RLIMIT_FSIZE, &lim);
        capstone_paths p;
        capstone_paths_for(md, &p, err, sizeof err);
        report_doc doc = {.runs = &run, .nruns = 1};
        const int rc = capstone_write(&doc, &p, "{\"results\": []}", false, err, sizeof err);
        _exit(rc == -1 && strstr(err, "full.md") ? 0 : 4);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    struct stat st;
    assert_int_equal(stat(md, &st), -1);
    assert_int_equal(count_files("full.md"), 0);
    /* the numbers' file was small enough and is whole */
    char json[512];
    path_in(json, sizeof json, "full.json");
    char *text = slurp(json, NULL);
    assert_string_equal(text, "{\"results\": []}\n");
    free(text);
}

static void test_charts_are_png_files(void **state)
{
    (void)state;
    char gnuplot[512];
    setenv("PATH", "/usr/local/bin:/usr/bin:/bin", 1);
    if (!tools_find("gnuplot", gnuplot, sizeof gnuplot)) {
        print_message("SKIPPED: gnuplot is not installed (make deps installs gnuplot-nox)\n");
        skip();
    }
    char md[512], err[512];
    path_in(md, sizeof md, "charts.md");
    report_run run;
    assert_int_equal(report_run_read(FIXTURE, &run, err, sizeof err), 0);
    capstone_paths p;
    assert_int_equal(capstone_paths_for(md, &p, err, sizeof err), 0);
    report_doc doc = {.runs = &run, .nruns = 1};
    if (capstone_write(&doc, &p, NULL, false, err, sizeof err) != 0)
        fail_msg("%s", err);
    char *text = slurp(md, NULL);
    for (int c = 0; c < REPORT_CHART_COUNT; c++) {
        size_t len;
        char *png = slurp(p.chart[c], &len);
        if (len < 8 || memcmp(png, "\x89PNG\r\n\x1a\n", 8) != 0)
            fail_msg("%s is not a PNG file", p.chart[c]);
        free(png);
        const char *base = strrchr(p.chart[c], '/') + 1;
        char link[300];
        snprintf(link, sizeof link, "](%s)", base);
        if (!strstr(text, link))
            fail_msg("the report does not link %s", base);
    }
    free(text);
    report_run_free(&run);
}

static int cleanup(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    char path[600];
    while (d && (e = readdir(d))) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        if (e->d_name[0] != '.')
            unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(tmpdir);
    return 0;
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_hold_the_json_numbers),
        cmocka_unit_test(test_two_files_side_by_side),
        cmocka_unit_test(test_hostile_files_refused),
        cmocka_unit_test(test_unknown_variant_kept_by_name),
        cmocka_unit_test(test_existing_report_kept),
        cmocka_unit_test(test_failed_write_leaves_nothing),
        cmocka_unit_test(test_charts_are_png_files),
    };
    return cmocka_run_group_tests(tests, NULL, cleanup);
}
