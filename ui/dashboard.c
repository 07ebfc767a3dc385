/* The main loop: keys reconfigure the runner (never waiting on a kernel), the samples it
 * publishes are folded into the results model (and the --record file), and the screen is
 * drawn when something changed or when the refresh delay passes. */
#include "dashboard.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "core/simulate.h"
#include "core/simulator.h"
#include "counters/counter_source.h"
#include "core/sweep.h"
#include "keys.h"
#include "layout.h"
#include "machine/peak.h"
#include "net/mnist.h"
#include "report/record.h"
#include "report/capstone.h"
#include "report/report.h"
#include "report/tools.h"
#include "screen.h"
#include "store/atomic_file.h"
#include "store/config.h"
#include "store/paths.h"
#include "store/tuning.h"
#include "view.h"

/* How long getch waits: keys show within this, whatever the refresh delay. */
#define KEY_POLL_MS 50
#define TAKE_BATCH 16
/* Runs remembered: a few size sweeps' worth (about 7 KB each); the oldest go first. */
#define MAX_ROWS 1024
/* Sweep points: seconds each is measured for at least (the size sweep's are many, the
 * block sweep's as `tttop tune`'s), and the cap past which one is skipped. */
#define SIZE_SWEEP_MIN_TIME 0.05
#define BLOCK_SWEEP_MIN_TIME 0.1
#define SWEEP_POINT_CAP_S 2.0

typedef struct dashboard {
    runner *run;
    results *model;
    record *rec;
    experiment wanted;
    settings changes; /* what keys changed, saved at exit */
    int delay_tenths;
    bool paused, help, dirty;
    bool export_asked; /* e was pressed: the next key picks JSON or the report */
    char message[1024];
    runner_snapshot *snap;
    counter_mode mode;
    bool sim_decided; /* the counters are open: the mode has said whether to simulate */
    simulator *sim;   /* simulated counters, NULL when not wanted */
    char sim_summary[400];
    uint64_t drawn_version;
    layout lay;
    view v;
    demo *demo; /* the guided tour (tttop demo); NULL in the plain dashboard */
    demo_host host;
    chart_mode chart;
    bool chart_asked; /* g was pressed: the chart stays on screen however small */
    sweep_view *size_sweep, *block_sweep;
    bool block_announced; /* the finished block sweep's best was said */
    figures_state figures_seen;
} dashboard;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static report_counters counters_of(const dashboard *d)
{
    const runner_snapshot *s = d->snap;
    return (report_counters){.events = s->events,
                             .nevents = s->nevents,
                             .summary = s->counter_status,
                             .simulation = d->sim ? d->sim_summary : NULL};
}

/* Samples the runner published since the last call, into the model and the record. */
static bool take_samples(dashboard *d)
{
    sample batch[TAKE_BATCH];
    bool any = false;
    int n;
    while ((n = runner_take(d->run, batch, TAKE_BATCH)) > 0) {
        any = true;
        for (int i = 0; i < n; i++) {
            if (batch[i].skipped) { /* a sweep point over its time cap: the chart marks it */
                results_note_skipped(d->model, &batch[i]);
                continue;
            }
            const result_row *row = results_add(d->model, &batch[i]);
            if (!row) {
                snprintf(d->message, sizeof d->message, "out of memory: results not kept");
                continue;
            }
            if (d->rec) {
                report_counters c = counters_of(d);
                char err[512];
                if (record_write(d->rec, row, &c, err, sizeof err) != 0) {
                    snprintf(d->message, sizeof d->message, "%s", err);
                    record_close(d->rec);
                    d->rec = NULL;
                }
            }
        }
    }
    return any;
}

/* Once the worker has opened the counters, the mode decides whether to simulate; then the
 * simulation follows the wanted run (a child process, never the worker thread). */
static void follow_simulation(dashboard *d)
{
    if (!d->sim_decided && d->snap->counters_ready) {
        d->sim_decided = true;
        if (counter_source_simulates(d->mode, d->snap->events, d->snap->nevents)) {
            d->sim = simulator_create();
            simulate_summary(d->sim_summary, sizeof d->sim_summary);
            d->dirty = true;
        }
    }
    if (d->sim && simulator_follow(d->sim, &d->wanted, d->model))
        d->dirty = true;
    d->v.simulating = d->sim != NULL;
    d->v.sim_status = simulator_status(d->sim);
    d->v.sim_failed = simulator_failed(d->sim);
}

static void draw(dashboard *d)
{
    const layout_needs needs = {
        .network = d->snap->wanted.workload != WORKLOAD_MATMUL,
        .setting_lines = panel_experiment_lines(),
        .ladder_rows = variants_count(),
        .caption_lines = d->demo ? demo_caption_lines(d->demo) : 0,
        .summary = d->demo && demo_view_of(d->demo)->summary,
        .counter_lines = d->sim && d->snap->wanted.workload == WORKLOAD_MATMUL ? 3 : 2,
        .chart_priority = d->chart != CHART_HISTORY ? 2
                          : d->chart_asked          ? 1
                                                    : 0,
    };
    layout_compute(COLS, LINES, &needs, &d->lay);
    erase();
    for (int id = 0; id < PANEL_COUNT; id++) {
        const rect *r = &d->lay.panel[id];
        if (!r->visible)
            continue;
        /* a message must be seen: without a status line it takes the key bar's place */
        if (id == PANEL_FOOTER && !d->lay.panel[PANEL_STATUS].visible && d->message[0])
            panel_status(r, &d->v);
        else
            panels[id].draw(r, &d->v);
    }
    if (d->help)
        panel_help(LINES, COLS, &d->v);
    wnoutrefresh(stdscr);
    doupdate();
    d->drawn_version = d->snap->version;
    d->dirty = false;
}

/* Every variant measured at the current setting, as bench writes it, to a file of its own:
 * an export never replaces another. */
static void export_results(dashboard *d)
{
    char stamp[64], name[96], err[512];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "tttop-%Y%m%d-%H%M%S", &tm);
    results *sub = results_create();
    if (!sub) {
        snprintf(d->message, sizeof d->message, "export failed: out of memory");
        return;
    }
    results_set_peak(sub, machine_peak_gflops, NULL);
    int n = 0;
    for (int i = 0; i < results_count(d->model); i++) {
        const result_row *row = results_row(d->model, i);
        if (experiment_same_setting(&row->s.exp, &d->snap->wanted) && results_add(sub, &row->s)) {
            if (row->sim.valid)
                results_set_simulated(sub, &row->s.exp, &row->sim);
            n++;
        }
    }
    if (n == 0) {
        snprintf(d->message, sizeof d->message, "export: nothing measured yet at this setting");
        results_free(sub);
        return;
    }
    report_counters c = counters_of(d);
    int rc = -1;
    for (int attempt = 1; attempt < 100 && rc != 0; attempt++) {
        if (attempt == 1)
            snprintf(name, sizeof name, "%s.json", stamp);
        else
            snprintf(name, sizeof name, "%s-%d.json", stamp, attempt);
        atomic_file f;
        if (atomic_file_open_new(&f, name, err, sizeof err) != 0) {
            if (errno == EEXIST)
                continue;
            break;
        }
        report_write_json(sub, &c, f.fp);
        rc = atomic_file_commit(&f, err, sizeof err);
        if (rc != 0 && errno != EEXIST)
            break;
    }
    if (rc == 0)
        snprintf(d->message, sizeof d->message, "exported %d result%s to %s", n, n == 1 ? "" : "s",
                 name);
    else
        snprintf(d->message, sizeof d->message, "export failed: %s", err);
    results_free(sub);
}

/* The bench command that measures this setting again, for the report's header. */
static void setting_command(const experiment *e, char *buf, size_t len)
{
    char shape[64];
    if (e->workload == WORKLOAD_MATMUL && e->m == e->n && e->n == e->k)
        snprintf(shape, sizeof shape, "--size %d", e->n);
    else if (e->workload == WORKLOAD_MATMUL)
        snprintf(shape, sizeof shape, "--size %dx%dx%d", e->m, e->n, e->k);
    else
        snprintf(shape, sizeof shape, "--workload %s --batch %d", workload_name(e->workload),
                 e->batch);
    snprintf(buf, len, "tttop bench %s --threads %d --variant all --format json", shape,
             experiment_threads(e));
}

/* The capstone report of what was measured at this setting: Markdown, the numbers and the
 * charts beside it, under a name of its own (a report never replaces another). */
static void export_report(dashboard *d)
{
    results *sub = results_create();
    if (!sub) {
        snprintf(d->message, sizeof d->message, "report failed: out of memory");
        return;
    }
    results_set_peak(sub, machine_peak_gflops, NULL);
    int n = 0;
    for (int i = 0; i < results_count(d->model); i++) {
        const result_row *row = results_row(d->model, i);
        if (experiment_same_setting(&row->s.exp, &d->snap->wanted) && results_add(sub, &row->s))
            n++;
    }
    if (n == 0) {
        snprintf(d->message, sizeof d->message, "report: nothing measured yet at this setting");
        results_free(sub);
        return;
    }
    /* gnuplot takes a moment: say so before the screen stops moving */
    snprintf(d->message, sizeof d->message, "writing the report...");
    draw(d);
    char command[256], err[1024], name[128], when[64] = "", libraries[768];
    setting_command(&d->snap->wanted, command, sizeof command);
    report_counters c = counters_of(d);
    report_run run;
    char *json = NULL;
    int rc = capstone_run_from_results(sub, &c, command, &run, &json, err, sizeof err);
    results_free(sub);
    capstone_paths paths;
    capstone_default_name(name, sizeof name);
    for (int attempt = 2; rc == 0; attempt++) {
        rc = capstone_paths_for(name, &paths, err, sizeof err);
        if (rc != 0 || capstone_check(&paths, true, false, err, sizeof err) == 0 || attempt > 99)
            break;
        char stem[96];
        capstone_default_name(stem, sizeof stem);
        stem[strlen(stem) - 3] = '\0';
        snprintf(name, sizeof name, "%s-%d.md", stem, attempt);
    }
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    tools_libraries(libraries, sizeof libraries);
    report_doc doc = {
        .runs = &run,
        .nruns = 1,
        .measured = true,
        .command = command,
        .libraries = libraries,
        .written_at = when,
    };
    if (rc == 0)
        rc = capstone_write(&doc, &paths, json, false, err, sizeof err);
    if (rc != 0)
        snprintf(d->message, sizeof d->message, "report failed: %.900s", err);
    else if (doc.charts.no_gnuplot)
        snprintf(d->message, sizeof d->message,
                 "report written to %.200s (no charts: apt-get install gnuplot-nox)", name);
    else
        snprintf(d->message, sizeof d->message, "report written to %.200s%s", name,
                 doc.charts.file[REPORT_CHART_LADDER][0] ? " with its charts" : "");
    if (json)
        report_run_free(&run);
    free(json);
}

/* After e: j writes the JSON export, m the report; any other key gives up. */
static void export_choice(dashboard *d, int key)
{
    d->export_asked = false;
    if (key == 'j' || key == 'J')
        export_results(d);
    else if (key == 'm' || key == 'M')
        export_report(d);
    else
        snprintf(d->message, sizeof d->message, "export cancelled");
}

static void apply_setting(dashboard *d, const key_binding *b)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    const int max_threads = cpus > 0 ? (int)(2 * cpus) : 2;
    const experiment before = d->wanted;
    if (!keys_apply(b, &d->wanted, max_threads))
        return;
    char err[512];
    if (experiment_validate(&d->wanted, err, sizeof err) != 0) {
        snprintf(d->message, sizeof d->message, "%s", err);
        d->wanted = before;
        return;
    }
    settings_note_changes(&d->changes, &before, &d->wanted);
    runner_configure(d->run, &d->wanted);
}

static void unpause(dashboard *d)
{
    if (d->paused) {
        d->paused = false;
        runner_set_paused(d->run, false);
    }
}

/* S: every variant at log-spaced sizes up to this one, each point capped in time. */
static void start_size_sweep(dashboard *d)
{
    sweep_view *s = d->size_sweep;
    const int n = sweep_size_plan(&d->wanted, SIZE_SWEEP_MIN_TIME, s->points, SWEEP_MAX_POINTS);
    d->chart = CHART_SIZE_SWEEP;
    if (n == 0) {
        snprintf(d->message, sizeof d->message, "size sweep: matmul only (w changes workload)");
        return;
    }
    unpause(d);
    if (runner_plan_capped(d->run, s->points, n, SWEEP_POINT_CAP_S) != 0) {
        snprintf(d->message, sizeof d->message, "size sweep: out of memory");
        return;
    }
    s->npoints = n;
    s->base = d->wanted;
    s->start_seq = d->snap->samples;
    s->cap_s = SWEEP_POINT_CAP_S;
    snprintf(d->message, sizeof d->message,
             "size sweep: %d points up to n=%d (any over %.0f s skipped); a setting key stops it",
             n, d->wanted.n, SWEEP_POINT_CAP_S);
}

/* u: the tuner's candidates for this variant, at this setting. */
static void start_block_sweep(dashboard *d)
{
    sweep_view *s = d->block_sweep;
    d->chart = CHART_BLOCK_SWEEP;
    int knobs[VARIANT_MAX_KNOBS];
    const int nknobs = sweep_tuned_knobs(d->wanted.variant, knobs);
    const int n = sweep_tune_plan(&d->wanted, BLOCK_SWEEP_MIN_TIME, s->points, SWEEP_MAX_POINTS);
    if (n == 0) {
        snprintf(d->message, sizeof d->message,
                 "block sweep: %s has no block size to tune (v: another variant)",
                 variant_name(d->wanted.variant));
        return;
    }
    unpause(d);
    if (runner_plan_capped(d->run, s->points, n, SWEEP_POINT_CAP_S) != 0) {
        snprintf(d->message, sizeof d->message, "block sweep: out of memory");
        return;
    }
    s->npoints = n;
    s->base = d->wanted;
    s->start_seq = d->snap->samples;
    s->nknobs = nknobs;
    memcpy(s->knobs, knobs, sizeof knobs);
    s->cap_s = SWEEP_POINT_CAP_S;
    d->block_announced = false;
    snprintf(d->message, sizeof d->message, "block sweep: %d candidates of %s, as tttop tune", n,
             variant_name(d->wanted.variant));
}

/* "block 96" or "MC 96, KC 256, NC 4096": the knobs' values of a candidate. */
static void candidate_text(const sweep_view *s, const experiment *e, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < s->nknobs && used < len; k++) {
        int n = snprintf(buf + used, len - used, "%s%s %d", k ? ", " : "",
                         variants_knob(s->knobs[k])->label, e->knob[s->knobs[k]]);
        used += n > 0 ? (size_t)n : 0;
    }
}

/* Once every point of the block sweep is in: its best, against the value in use. */
static void announce_block_best(dashboard *d)
{
    const sweep_view *s = d->block_sweep;
    if (d->block_announced || s->npoints == 0)
        return;
    for (int i = 0; i < s->npoints; i++) {
        const result_row *row = results_find(d->model, &s->points[i]);
        if (!(row && row->s.seq > s->start_seq) && !results_skipped(d->model, &s->points[i]))
            return;
    }
    d->block_announced = true;
    const result_row *best = chart_block_best(&d->v);
    if (!best) {
        snprintf(d->message, sizeof d->message, "block sweep: no candidate passed its check");
        return;
    }
    char which[96], ratio[64] = "";
    candidate_text(s, &best->s.exp, which, sizeof which);
    /* the candidate the variant runs now (its own choice, a tuned or a given value) */
    experiment_knobs now;
    experiment_resolve(&s->base, &now);
    for (int i = 0; i < s->npoints; i++) {
        bool same = true;
        for (int k = 0; k < s->nknobs; k++)
            same = same && s->points[i].knob[s->knobs[k]] == now.value[s->knobs[k]];
        const result_row *row = same ? results_find(d->model, &s->points[i]) : NULL;
        if (row == best)
            snprintf(ratio, sizeof ratio, ", the value in use");
        else if (row && row->s.gflops > 0)
            snprintf(ratio, sizeof ratio, ", %.2fx the value in use",
                     best->s.gflops / row->s.gflops);
    }
    snprintf(d->message, sizeof d->message, "best %s (%.3g GFLOP/s%s); W saves it", which,
             best->s.gflops, ratio);
}

/* W: the block sweep's best into tuning.ini, as `tttop tune` saves it, and in use now. */
static void save_block_best(dashboard *d)
{
    const sweep_view *s = d->block_sweep;
    const result_row *best = chart_block_best(&d->v);
    if (!best) {
        snprintf(d->message, sizeof d->message, "nothing to save yet: u runs a block sweep");
        return;
    }
    tuning_value values[VARIANT_MAX_KNOBS];
    for (int k = 0; k < s->nknobs; k++)
        values[k] = (tuning_value){.variant = best->s.exp.variant,
                                   .knob = s->knobs[k],
                                   .value = best->s.exp.knob[s->knobs[k]]};
    char err[512], which[96], path[4096] = "tuning.ini";
    if (tuning_save(NULL, values, s->nknobs, err, sizeof err) != 0) {
        snprintf(d->message, sizeof d->message, "not saved: %s", err);
        return;
    }
    for (int k = 0; k < s->nknobs; k++)
        variants_tuned_set(values[k].variant, values[k].knob, values[k].value);
    runner_reset(d->run); /* the next sample runs with it */
    candidate_text(s, &best->s.exp, which, sizeof which);
    paths_config_file("tuning.ini", path, sizeof path);
    snprintf(d->message, sizeof d->message, "saved %s %s as tuned in %.300s",
             variant_name(best->s.exp.variant), which, path);
}

/* Returns false when the user asked to quit. */
static bool handle_key(dashboard *d, int key)
{
    if (key == KEY_RESIZE) {
        d->dirty = true;
        return true;
    }
    const key_binding *b = keys_find_mode(d->demo != NULL, key);
    d->dirty = true;
    if (d->help) { /* any key closes the help, q included */
        d->help = false;
        return true;
    }
    d->message[0] = '\0';
    if (d->export_asked) {
        export_choice(d, key);
        return true;
    }
    switch (b ? b->action : ACT_NONE) {
    case ACT_QUIT:
        return false;
    case ACT_HELP:
        d->help = true;
        break;
    case ACT_PAUSE:
        d->paused = !d->paused;
        runner_set_paused(d->run, d->paused);
        break;
    case ACT_RESET: {
        /* the run in flight is dropped; samples published before the key are too */
        runner_reset(d->run);
        sample stale[TAKE_BATCH];
        while (runner_take(d->run, stale, TAKE_BATCH) > 0)
            ;
        results_forget_setting(d->model, &d->wanted);
        break;
    }
    case ACT_SWEEP:
        unpause(d);
        if (runner_sweep(d->run) != 0)
            snprintf(d->message, sizeof d->message, "sweep: out of memory");
        break;
    case ACT_CHART:
        d->chart = (chart_mode)((d->chart + 1) % CHART_MODES);
        d->chart_asked = true;
        break;
    case ACT_SIZE_SWEEP:
        d->chart_asked = true;
        start_size_sweep(d);
        break;
    case ACT_BLOCK_SWEEP:
        d->chart_asked = true;
        start_block_sweep(d);
        break;
    case ACT_SAVE_BEST:
        save_block_best(d);
        break;
    case ACT_EXPORT:
        d->export_asked = true;
        snprintf(d->message, sizeof d->message,
                 "export: j JSON results, m Markdown report with charts (other keys cancel)");
        break;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        break;
    case ACT_DEMO_NEXT:
    case ACT_DEMO_BACK:
        if (!demo_go(d->demo, b->action == ACT_DEMO_NEXT ? 1 : -1, &d->host, d->model))
            snprintf(d->message, sizeof d->message, "%s",
                     b->action == ACT_DEMO_NEXT ? "the last step: p goes back, q quits"
                                                : "the first step: Space goes on, q quits");
        break;
    case ACT_NONE:
        d->dirty = false;
        break;
    default:
        apply_setting(d, b);
    }
    return true;
}

/* The opening experiment: defaults, then the saved settings, then the command line. */
static int initial_experiment(const cli *o, experiment *e, int *delay, bool *save, char *msg,
                              size_t len)
{
    *e = experiment_default();
    *delay = 10;
    *save = !o->no_config;
    if (!o->no_config) {
        settings saved;
        char err[512];
        if (config_load(NULL, &saved, err, sizeof err) != 0) {
            snprintf(msg, len, "settings ignored, and kept as they are: %s", err);
            *save = false;
        } else {
            experiment with = *e;
            int with_delay = *delay;
            settings_apply(&saved, &with, &with_delay);
            if (experiment_validate(&with, err, sizeof err) == 0) {
                *e = with;
                *delay = with_delay;
            } else {
                snprintf(msg, len, "saved settings ignored: %s", err);
            }
        }
    }
    if (o->given & CLI_GIVEN(OPT_WORKLOAD))
        e->workload = o->workload;
    if (o->nvariants > 0)
        e->variant = o->variants[0];
    if (o->nshapes > 0) {
        e->m = o->shapes[0][0];
        e->n = o->shapes[0][1];
        e->k = o->shapes[0][2];
    }
    if (o->nbatches > 0)
        e->batch = o->batches[0];
    if (o->nblocks > 0)
        e->knob[variants_knob_find("block")] = o->blocks[0];
    if (o->given & CLI_GIVEN(OPT_THREADS))
        experiment_set_threads(e, o->threads);
    if (o->given & CLI_GIVEN(OPT_DELAY))
        *delay = o->delay_tenths;
    char err[512];
    if (experiment_validate(e, err, sizeof err) != 0) {
        fprintf(stderr, "tttop: %s\n", err);
        return -1;
    }
    return 0;
}

static void load_tuning(char *msg, size_t len)
{
    char warn[512], err[512];
    if (tuning_load(NULL, warn, sizeof warn, err, sizeof err) < 0)
        snprintf(msg, len, "tuned values not used: %s", err);
    else if (warn[0] && !msg[0])
        snprintf(msg, len, "%s", warn);
}

/* Waits up to KEY_POLL_MS for a key. Returns the key, ERR when none came, or -2 when the
 * terminal is gone (its pty closed without a SIGHUP reaching us): getch would then return
 * at once forever and the loop would spin a core. */
static int wait_key(int *empty_reads)
{
    struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
    const int ready = poll(&in, 1, KEY_POLL_MS);
    if (ready > 0 && (in.revents & (POLLHUP | POLLERR | POLLNVAL)))
        return -2;
    /* also after a timeout or a signal: ncurses may hold a key or a resize already */
    const int key = getch();
    if (key == ERR && ready > 0) {
        if (++*empty_reads > 50) /* readable, yet nothing to read: end of input */
            return -2;
    } else {
        *empty_reads = 0;
    }
    return key;
}

static int run_loop(dashboard *d, const cli *o)
{
    nodelay(stdscr, TRUE);
    const double delay_s = d->delay_tenths / 10.0;
    double next_tick = now_s() + delay_s;
    long refreshes = 0;
    int empty_reads = 0;
    d->dirty = true;
    for (;;) {
        runner_snapshot_get(d->run, d->snap);
        const bool arrived = take_samples(d);
        const double now = now_s();
        if (d->demo && demo_tick(d->demo, &d->host, d->model, d->snap, now)) {
            d->dirty = true;
            runner_snapshot_get(d->run, d->snap); /* the tour may have moved on */
        }
        follow_simulation(d);
        d->v.paused = d->paused;
        d->v.current = results_find(d->model, &d->snap->wanted);
        d->v.chart = d->chart;
        d->v.figures_state = machine_figures_now(&d->v.figures);
        if (d->v.figures_state != d->figures_seen) { /* measured: % of peak for every row */
            d->figures_seen = d->v.figures_state;
            results_set_peak(d->model, machine_peak_gflops, NULL);
            char note[256];
            machine_figures_take_note(note, sizeof note);
            if (note[0])
                snprintf(d->message, sizeof d->message, "%s", note);
            d->dirty = true;
        }
        if (arrived)
            announce_block_best(d);
        const bool tick = now >= next_tick;
        const bool in_flight = d->snap->state == RUNNER_MEASURING;
        if (d->dirty || arrived || d->snap->version != d->drawn_version || (tick && in_flight))
            draw(d);
        if (tick) {
            next_tick = now + delay_s;
            if (o->max_iterations && ++refreshes >= o->max_iterations)
                return 0;
        }
        if (atomic_load(&screen_stop_signal))
            return 128 + atomic_load(&screen_stop_signal);
        int key = wait_key(&empty_reads);
        if (atomic_load(&screen_stop_signal))
            return 128 + atomic_load(&screen_stop_signal);
        if (key == -2)
            return 128 + SIGHUP;
        /* every key that is waiting, then draw once */
        while (key != ERR) {
            if (!handle_key(d, key))
                return 0;
            key = getch();
        }
    }
}

/* The demo's requests: what to measure next (resuming when paused), and a rest once its
 * summary has every number. */
static void host_measure(void *ctx, const experiment *wanted, const experiment *plan, int nplan)
{
    dashboard *d = ctx;
    d->wanted = *wanted;
    if (d->paused) {
        d->paused = false;
        runner_set_paused(d->run, false);
    }
    runner_configure(d->run, wanted);
    if (nplan > 0 && runner_plan(d->run, plan, nplan) != 0)
        snprintf(d->message, sizeof d->message, "demo: out of memory");
    d->dirty = true;
}

static void host_pause(void *ctx)
{
    dashboard *d = ctx;
    d->paused = true;
    runner_set_paused(d->run, true);
    d->dirty = true;
}

/* The dashboard, or the demo in it (dm not NULL: its script decides what is measured, and
 * no settings are read or saved). */
static int run(const cli *o, demo *dm)
{
    dashboard d = {.demo = dm};
    char err[512] = "";
    if (screen_check_terminal(err, sizeof err) != 0) {
        fprintf(stderr, "tttop: %s\n", err);
        return 2;
    }
    bool save = false;
    if (dm) {
        d.wanted = demo_first(dm);
        d.delay_tenths = o->delay_tenths;
    } else if (initial_experiment(o, &d.wanted, &d.delay_tenths, &save, d.message,
                                  sizeof d.message)) {
        return 2;
    }
    load_tuning(d.message, sizeof d.message);
    /* before the runner starts: its thread then reads the data set, never changed again */
    if (o->data_dir && mnist_use(o->data_dir, err, sizeof err) != 0) {
        fprintf(stderr, "tttop: --data: %s\n", err);
        return 2;
    }
    if (o->record && !(d.rec = record_open(o->record, err, sizeof err))) {
        fprintf(stderr, "tttop: %s\n", err);
        return 2;
    }
    d.snap = calloc(1, sizeof *d.snap);
    d.model = results_create();
    d.size_sweep = calloc(1, sizeof *d.size_sweep);
    d.block_sweep = calloc(1, sizeof *d.block_sweep);
    if (d.model)
        results_set_max_rows(d.model, MAX_ROWS);
    if (!d.snap || !d.model || !d.size_sweep || !d.block_sweep) {
        fprintf(stderr, "tttop: out of memory\n");
        free(d.snap);
        free(d.size_sweep);
        free(d.block_sweep);
        results_free(d.model);
        record_close(d.rec);
        return 1;
    }
    /* the peak and bandwidth: cached, or measured in the background while the first
     * sample is taken */
    char note[512];
    machine_figures_start(note, sizeof note);
    if (note[0] && !d.message[0])
        snprintf(d.message, sizeof d.message, "%s", note);
    d.figures_seen = machine_figures_now(NULL);
    results_set_peak(d.model, machine_peak_gflops, NULL);
    d.mode = (counter_mode)o->counters;
    const char *names[COUNTERS_MAX];
    const int nnames = counter_source_names(d.mode, (const char *const *)o->events, o->nevents,
                                            names, COUNTERS_MAX);
    d.run = runner_create(&d.wanted, names, nnames, err, sizeof err);
    if (!d.run) {
        fprintf(stderr, "tttop: %s\n", err);
        machine_figures_stop();
        free(d.snap);
        free(d.size_sweep);
        free(d.block_sweep);
        results_free(d.model);
        record_close(d.rec);
        return 1;
    }
    int status = 0;
    if (screen_open(o->no_color, o->ascii, &d.v.caps) != 0) {
        fprintf(stderr, "tttop: cannot initialise the terminal\n");
        status = 1;
    } else {
        d.v.snap = d.snap;
        d.v.model = d.model;
        d.v.host = hostinfo_get();
        d.v.message = d.message;
        if (dm) {
            d.host = (demo_host){.ctx = &d, .measure = host_measure, .pause = host_pause};
            d.v.demo = demo_view_of(dm);
            demo_start(dm, &d.host, d.model);
        }
        d.v.size_sweep = d.size_sweep;
        d.v.block_sweep = d.block_sweep;
        status = run_loop(&d, o);
        screen_close();
    }
    simulator_free(d.sim);
    runner_destroy(d.run);
    machine_figures_stop();
    if (save && status == 0 && config_save(NULL, &d.changes, err, sizeof err) != 0)
        fprintf(stderr, "tttop: settings not saved: %s\n", err);
    record_close(d.rec);
    results_free(d.model);
    free(d.snap);
    free(d.size_sweep);
    free(d.block_sweep);
    return status;
}

int dashboard_run(const cli *o)
{
    return run(o, NULL);
}

int dashboard_run_demo(const cli *o)
{
    char err[512];
    demo *dm = demo_create(o, err, sizeof err);
    if (!dm) {
        fprintf(stderr, "tttop demo: %s\n", err);
        return 1;
    }
    const int status = run(o, dm);
    demo_free(dm);
    return status;
}
