/* `tttop report`: the capstone report. Measures the course's plan with bench's measurement
 * (every variant at each size, the network's forward pass and training step), or reads
 * saved bench JSON with --from, and writes the Markdown, the numbers and the charts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/bench.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "cli/parse.h"
#include "counters/counter_source.h"
#include "machine/peak.h"
#include "net/mnist.h"
#include "report/capstone.h"
#include "report/charts.h"
#include "report/tools.h"
#include "store/atomic_file.h"
#include "store/tuning.h"

#define COMMAND "tttop report"

static void load_tuning(void)
{
    char warn[1024], err[512];
    variants_tuned_clear();
    if (tuning_load(NULL, warn, sizeof warn, err, sizeof err) < 0)
        fprintf(stderr, COMMAND ": %s (tuned values not used)\n", err);
    else if (warn[0])
        fprintf(stderr, COMMAND ": %s\n", warn);
}

/* One workload of the plan through bench's measurement: every variant, at the sizes or the
 * batch given. */
static int measure_workload(const cli *o, workload_kind w, int (*shapes)[3], int nshapes, int batch,
                            double min_time, int counters_mode, counters *set, results *r,
                            char *err, size_t errlen)
{
    cli m;
    memset(&m, 0, sizeof m);
    m.face = FACE_BENCH;
    m.counters = counters_mode;
    m.workload = w;
    m.threads = 1;
    m.reps = 1;
    m.min_time = min_time;
    m.seed = 42;
    m.quiet = o->quiet;
    m.shapes = shapes;
    m.nshapes = nshapes;
    m.batches = &batch;
    m.nbatches = 1;
    if ((m.nvariants = parse_variant_list("--variant", "all", &m.variants, err, errlen)) < 0)
        return -1;
    int rc = bench_measure(&m, set, r, err, errlen);
    free(m.variants);
    return rc;
}

static void say_on_stderr(const char *line)
{
    fprintf(stderr, COMMAND ": %s\n", line);
}

/* The machine section and % of peak need the measured figures: cached, else measured now
 * (quickly) and cached. */
static void ensure_figures(const cli *o)
{
    char err[512];
    if (machine_figures_ensure(o->quiet ? NULL : say_on_stderr, err, sizeof err) != 0 && !o->quiet)
        fprintf(stderr, COMMAND ": %s: %% of peak not shown\n", err);
}

/* This machine's measurements of the plan, as a run. 0; 2 for a setting refused; 1. */
static int measure(const cli *o, const char *command, report_run *run, char **json, char *err,
                   size_t errlen)
{
    capstone_plan plan;
    capstone_plan_for(o->quick, &plan);
    int(*shapes)[3] = o->shapes;
    int nshapes = o->nshapes, plan_shapes[CAPSTONE_MAX_SIZES][3];
    if (nshapes == 0) {
        for (int i = 0; i < plan.nsizes; i++)
            plan_shapes[i][0] = plan_shapes[i][1] = plan_shapes[i][2] = plan.sizes[i];
        shapes = plan_shapes;
        nshapes = plan.nsizes;
    }
    load_tuning();
    ensure_figures(o);
    const char *names[COUNTERS_MAX];
    counters *set = counters_open(names, counters_default_names(names, COUNTERS_MAX));
    results *r = results_create();
    if (!r) {
        counters_close(set);
        snprintf(err, errlen, "out of memory");
        return 1;
    }
    results_set_peak(r, machine_peak_gflops, NULL);
    int status = 0;
    /* the caches are simulated (where no PMU counts) at the last size only, the one the
     * counters section shows: valgrind would make every other size slower */
    if ((nshapes > 1 &&
         measure_workload(o, WORKLOAD_MATMUL, shapes, nshapes - 1, plan.batch, plan.min_time,
                          COUNTER_MODE_HARDWARE, set, r, err, errlen) != 0) ||
        measure_workload(o, WORKLOAD_MATMUL, shapes + nshapes - 1, 1, plan.batch, plan.min_time,
                         COUNTER_MODE_AUTO, set, r, err, errlen) != 0 ||
        measure_workload(o, WORKLOAD_NET, shapes, nshapes, plan.batch, plan.min_time,
                         COUNTER_MODE_HARDWARE, set, r, err, errlen) != 0 ||
        measure_workload(o, WORKLOAD_TRAIN, shapes, nshapes, plan.batch, plan.min_time,
                         COUNTER_MODE_HARDWARE, set, r, err, errlen) != 0)
        status = 2;
    counter_event events[COUNTERS_MAX];
    report_counters info = {0};
    if (set) {
        info.nevents = counters_count(set);
        for (int i = 0; i < info.nevents; i++)
            events[i] = *counters_event(set, i);
        info.events = events;
        info.summary = counters_status_line(set);
    }
    if (status == 0 && capstone_run_from_results(r, &info, command, run, json, err, errlen) != 0)
        status = 1;
    results_free(r);
    counters_close(set);
    return status;
}

static void say_files(const cli *o, const capstone_paths *p, const report_doc *doc,
                      const char *json)
{
    printf("%s\n", p->md);
    if (o->quiet)
        return;
    if (json)
        fprintf(stderr, COMMAND ": the numbers in %s\n", p->json);
    if (doc->charts.no_gnuplot) {
        fprintf(stderr, COMMAND ": no charts: gnuplot is not installed (apt-get install %s)\n",
                CHARTS_PACKAGE);
    } else if (doc->charts.why_not[0]) {
        fprintf(stderr, COMMAND ": no charts: %s\n", doc->charts.why_not);
    } else {
        fprintf(stderr, COMMAND ": charts");
        for (int c = 0; c < REPORT_CHART_COUNT; c++)
            if (doc->charts.file[c][0])
                fprintf(stderr, " %s", p->chart[c]);
        fputc('\n', stderr);
    }
}

int report_main(int argc, char **argv)
{
    cli o;
    char err[1024] = "";
    int rc = cli_parse(FACE_REPORT, argc, argv, &o, err, sizeof err);
    if (rc != 0) {
        int status = cli_exit_status(FACE_REPORT, rc, err);
        cli_free(&o);
        return status;
    }
    char command[1024], name[128];
    capstone_command_line(argc - 1, argv + 1, COMMAND, command, sizeof command);
    capstone_default_name(name, sizeof name);
    capstone_paths paths;
    const bool measuring = o.nfrom == 0;
    int status = 0;
    if (capstone_paths_for(o.out ? o.out : name, &paths, err, sizeof err) != 0 ||
        capstone_check(&paths, measuring, o.force, err, sizeof err) != 0)
        status = 2;
    if (status == 0 && measuring && o.data_dir) {
        char why[900];
        if (mnist_use(o.data_dir, why, sizeof why) != 0) {
            snprintf(err, sizeof err, "--data: %s", why);
            status = 2;
        }
    }
    const int nruns = measuring ? 1 : o.nfrom;
    report_run *runs = status == 0 ? calloc((size_t)nruns, sizeof *runs) : NULL;
    if (status == 0 && !runs) {
        snprintf(err, sizeof err, "out of memory");
        status = 1;
    }
    atomic_file_remove_on_signals();
    char *json = NULL;
    if (status == 0 && measuring)
        status = measure(&o, command, &runs[0], &json, err, sizeof err);
    for (int i = 0; status == 0 && !measuring && i < nruns; i++) {
        if (report_run_read(o.from[i], &runs[i], err, sizeof err) != 0)
            status = 2;
        for (int j = 0; status == 0 && j < i; j++) /* two a.json from two folders */
            if (strcmp(runs[j].label, runs[i].label) == 0) {
                char label[sizeof runs[i].label];
                snprintf(label, sizeof label, "%d:%.50s", i + 1, runs[i].label);
                snprintf(runs[i].label, sizeof runs[i].label, "%s", label);
            }
    }
    char when[64] = "", libraries[768] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    if (status == 0 && measuring)
        tools_libraries(libraries, sizeof libraries);
    report_doc doc = {
        .runs = runs,
        .nruns = nruns,
        .measured = measuring,
        .quick = o.quick,
        .command = command,
        .libraries = measuring ? libraries : NULL,
        .written_at = when,
    };
    if (status == 0 && capstone_write(&doc, &paths, json, o.force, err, sizeof err) != 0)
        status = 1;
    if (status == 0)
        say_files(&o, &paths, &doc, json);
    else
        fprintf(stderr, COMMAND ": %s\n", err);
    if (status == 0 && fflush(stdout) != 0) {
        fprintf(stderr, COMMAND ": cannot write to standard output\n");
        status = 1;
    }
    for (int i = 0; runs && i < nruns; i++)
        report_run_free(&runs[i]);
    free(runs);
    free(json);
    cli_free(&o);
    return status;
}
