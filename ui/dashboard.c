/* The main loop: keys reconfigure the runner (never waiting on a kernel), the samples it
 * publishes are folded into the results model (and the --record file), and the screen is
 * drawn when something changed or when the refresh delay passes. */
#include "dashboard.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/simulate.h"
#include "core/simulator.h"
#include "counters/counter_source.h"
#include "keys.h"
#include "layout.h"
#include "machine/peak.h"
#include "report/record.h"
#include "report/report.h"
#include "screen.h"
#include "store/atomic_file.h"
#include "store/config.h"
#include "store/tuning.h"
#include "view.h"

/* How long getch waits: keys show within this, whatever the refresh delay. */
#define KEY_POLL_MS 50
#define TAKE_BATCH 16

typedef struct dashboard {
    runner *run;
    results *model;
    record *rec;
    experiment wanted;
    settings changes; /* what keys changed, saved at exit */
    int delay_tenths;
    bool paused, help, dirty;
    char message[1024];
    runner_snapshot *snap;
    counter_mode mode;
    bool sim_decided; /* the counters are open: the mode has said whether to simulate */
    simulator *sim;   /* simulated counters, NULL when not wanted */
    char sim_summary[400];
    uint64_t drawn_version;
    layout lay;
    view v;
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
        .counter_lines = d->sim && d->snap->wanted.workload == WORKLOAD_MATMUL ? 3 : 2,
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

/* Returns false when the user asked to quit. */
static bool handle_key(dashboard *d, int key)
{
    if (key == KEY_RESIZE) {
        d->dirty = true;
        return true;
    }
    const key_binding *b = keys_find(key);
    d->dirty = true;
    if (d->help) { /* any key closes the help, q included */
        d->help = false;
        return true;
    }
    d->message[0] = '\0';
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
    case ACT_RESET:
        results_forget_setting(d->model, &d->wanted);
        runner_reset(d->run);
        break;
    case ACT_SWEEP:
        if (d->paused) {
            d->paused = false;
            runner_set_paused(d->run, false);
        }
        if (runner_sweep(d->run) != 0)
            snprintf(d->message, sizeof d->message, "sweep: out of memory");
        break;
    case ACT_EXPORT:
        export_results(d);
        break;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
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

static int run_loop(dashboard *d, const cli *o)
{
    timeout(KEY_POLL_MS);
    const double delay_s = d->delay_tenths / 10.0;
    double next_tick = now_s() + delay_s;
    long refreshes = 0;
    d->dirty = true;
    for (;;) {
        runner_snapshot_get(d->run, d->snap);
        const bool arrived = take_samples(d);
        follow_simulation(d);
        d->v.paused = d->paused;
        d->v.current = results_find(d->model, &d->snap->wanted);
        const double now = now_s();
        const bool tick = now >= next_tick;
        const bool in_flight = d->snap->state == RUNNER_MEASURING;
        if (d->dirty || arrived || d->snap->version != d->drawn_version || (tick && in_flight))
            draw(d);
        if (tick) {
            next_tick = now + delay_s;
            if (o->max_iterations && ++refreshes >= o->max_iterations)
                return 0;
        }
        if (screen_stop_signal)
            return 128 + screen_stop_signal;
        const int key = getch();
        if (screen_stop_signal)
            return 128 + screen_stop_signal;
        if (key != ERR && !handle_key(d, key))
            return 0;
    }
}

int dashboard_run(const cli *o)
{
    dashboard d = {0};
    char err[512] = "";
    if (screen_check_terminal(err, sizeof err) != 0) {
        fprintf(stderr, "tttop: %s\n", err);
        return 2;
    }
    bool save;
    if (initial_experiment(o, &d.wanted, &d.delay_tenths, &save, d.message, sizeof d.message))
        return 2;
    load_tuning(d.message, sizeof d.message);
    if (o->record && !(d.rec = record_open(o->record, err, sizeof err))) {
        fprintf(stderr, "tttop: %s\n", err);
        return 2;
    }
    d.snap = calloc(1, sizeof *d.snap);
    d.model = results_create();
    if (!d.snap || !d.model) {
        fprintf(stderr, "tttop: out of memory\n");
        free(d.snap);
        results_free(d.model);
        record_close(d.rec);
        return 1;
    }
    results_set_peak(d.model, machine_peak_gflops, NULL);
    d.mode = (counter_mode)o->counters;
    const char *names[COUNTERS_MAX];
    const int nnames = counter_source_names(d.mode, (const char *const *)o->events, o->nevents,
                                            names, COUNTERS_MAX);
    d.run = runner_create(&d.wanted, names, nnames, err, sizeof err);
    if (!d.run) {
        fprintf(stderr, "tttop: %s\n", err);
        free(d.snap);
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
        status = run_loop(&d, o);
        screen_close();
    }
    simulator_free(d.sim);
    runner_destroy(d.run);
    if (save && status == 0 && config_save(NULL, &d.changes, err, sizeof err) != 0)
        fprintf(stderr, "tttop: settings not saved: %s\n", err);
    record_close(d.rec);
    results_free(d.model);
    free(d.snap);
    return status;
}
