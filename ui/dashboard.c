/* The main loop: keys reconfigure the runner (never waiting on a kernel), snapshots are
 * drawn when they change or when the refresh delay passes. */
#include "dashboard.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "atomic_file.h"
#include "config.h"
#include "keys.h"
#include "layout.h"
#include "measure.h"
#include "report.h"
#include "runner.h"
#include "screen.h"
#include "view.h"

/* How long getch waits: keys show within this, whatever the refresh delay. */
#define KEY_POLL_MS 50

typedef struct dashboard {
    runner *run;
    experiment wanted;
    int delay_tenths;
    bool paused, help, dirty;
    char message[512];
    runner_snapshot *snap;
    uint64_t drawn_version;
    layout lay;
    view v;
} dashboard;

static void draw(dashboard *d)
{
    const bool network = d->snap->wanted.workload != WORKLOAD_MATMUL;
    layout_compute(COLS, LINES, network, &d->lay);
    erase();
    const rect *p = d->lay.panel;
    if (p[PANEL_HEADER].visible)
        panel_header(&p[PANEL_HEADER], &d->v);
    if (p[PANEL_STATUS].visible)
        panel_status(&p[PANEL_STATUS], &d->v);
    if (p[PANEL_EXPERIMENT].visible)
        panel_experiment(&p[PANEL_EXPERIMENT], &d->v);
    if (p[PANEL_READINGS].visible)
        panel_readings(&p[PANEL_READINGS], &d->v);
    if (p[PANEL_COUNTERS].visible)
        panel_counters(&p[PANEL_COUNTERS], &d->v);
    if (p[PANEL_CHART].visible)
        panel_chart(&p[PANEL_CHART], &d->v);
    if (p[PANEL_TABLE].visible) {
        if (network)
            panel_profile(&p[PANEL_TABLE], &d->v);
        else
            panel_ladder(&p[PANEL_TABLE], &d->v);
    }
    if (p[PANEL_LADDER2].visible)
        panel_ladder(&p[PANEL_LADDER2], &d->v);
    /* a message must be seen: without a status line it takes the key bar's place */
    if (p[PANEL_FOOTER].visible && !p[PANEL_STATUS].visible && d->message[0])
        panel_status(&p[PANEL_FOOTER], &d->v);
    else if (p[PANEL_FOOTER].visible)
        panel_footer(&p[PANEL_FOOTER], &d->v);
    if (d->help)
        panel_help(LINES, COLS, &d->v);
    wnoutrefresh(stdscr);
    doupdate();
    d->drawn_version = d->snap->version;
    d->dirty = false;
}

/* Every variant measured at the current setting, as bench would write it. */
static void export_results(dashboard *d)
{
    char name[64], err[256];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(name, sizeof name, "tttop-%Y%m%d-%H%M%S.json", &tm);
    report r = {.events = d->snap->events,
                .nevents = d->snap->nevents,
                .counter_summary = d->snap->counter_status};
    for (int v = 0; v < kernel_count() && v < RUNNER_MAX_VARIANTS; v++)
        if (d->snap->ladder[v].seq && report_add(&r, &d->snap->ladder[v]) != 0)
            break;
    report_compare(&r);
    atomic_file f;
    if (r.count == 0) {
        snprintf(d->message, sizeof d->message, "export: nothing measured yet at this setting");
    } else if (atomic_file_open(&f, name, err, sizeof err) != 0) {
        snprintf(d->message, sizeof d->message, "export failed: %s", err);
    } else if (report_write_json(&r, f.fp) != 0) {
        atomic_file_abort(&f);
        snprintf(d->message, sizeof d->message, "export failed: cannot write %s", name);
    } else if (atomic_file_commit(&f, err, sizeof err) != 0) {
        snprintf(d->message, sizeof d->message, "export failed: %s", err);
    } else {
        snprintf(d->message, sizeof d->message, "exported %d result%s to %s", r.count,
                 r.count == 1 ? "" : "s", name);
    }
    report_free(&r);
}

/* Returns false when the user asked to quit. */
static bool handle_key(dashboard *d, int key)
{
    if (key == KEY_RESIZE) {
        d->dirty = true;
        return true;
    }
    key_action a = keys_action(key);
    if (d->help) { /* any key closes the help; q still quits */
        d->help = false;
        d->dirty = true;
        return a != ACT_QUIT;
    }
    d->message[0] = '\0';
    d->dirty = true;
    switch (a) {
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
        runner_reset(d->run);
        break;
    case ACT_SWEEP:
        if (d->paused) {
            d->paused = false;
            runner_set_paused(d->run, false);
        }
        runner_sweep(d->run);
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
    default: {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        int max_threads = cpus > 0 ? (int)(2 * cpus) : 2;
        if (keys_apply(a, &d->wanted, max_threads)) {
            char err[256];
            if (experiment_validate(&d->wanted, err, sizeof err) != 0) {
                snprintf(d->message, sizeof d->message, "%s", err);
                d->wanted = d->snap->wanted;
            } else {
                runner_configure(d->run, &d->wanted);
            }
        }
    }
    }
    return true;
}

/* Returns false when the file is broken: it is reported, and left as the user wrote it. */
static bool load_settings(const dashboard_options *opt, experiment *e, int *delay, char *msg,
                          size_t len)
{
    if (opt->no_config)
        return true;
    settings s = settings_from(e, *delay);
    bool found;
    char err[256];
    if (config_load(NULL, &s, &found, err, sizeof err) != 0) {
        snprintf(msg, len, "%s", err);
        return false;
    }
    if (!found)
        return true;
    experiment saved = *e;
    settings_apply(&s, &saved, delay, opt->given);
    if (experiment_validate(&saved, err, sizeof err) == 0)
        *e = saved;
    else
        snprintf(msg, len, "saved settings ignored: %s", err);
    return true;
}

int dashboard_run(const dashboard_options *opt)
{
    dashboard d = {.delay_tenths = opt->delay_tenths, .wanted = opt->initial};
    char err[256] = "";
    const bool save = !opt->no_config &&
                      load_settings(opt, &d.wanted, &d.delay_tenths, d.message, sizeof d.message);
    if (experiment_validate(&d.wanted, err, sizeof err) != 0) {
        fprintf(stderr, "tttop: %s\n", err);
        return 2;
    }
    d.snap = calloc(1, sizeof *d.snap);
    if (!d.snap) {
        fprintf(stderr, "tttop: out of memory\n");
        return 1;
    }
    d.run = runner_create(&d.wanted, opt->events, opt->nevents, opt->record_path, err, sizeof err);
    if (!d.run) {
        fprintf(stderr, "tttop: %s\n", err);
        free(d.snap);
        return 1;
    }
    int status = 0;
    if (screen_open(opt->no_color, opt->ascii, &d.v.caps) != 0) {
        fprintf(stderr, "tttop: cannot initialise the terminal\n");
        status = 1;
    } else {
        d.v.snap = d.snap;
        d.v.host = hostinfo_get();
        d.v.message = d.message;
        timeout(KEY_POLL_MS);
        const double delay_s = d.delay_tenths / 10.0;
        double next_tick = measure_now() + delay_s;
        long refreshes = 0;
        d.dirty = true;
        for (;;) {
            runner_snapshot_get(d.run, d.snap);
            d.v.paused = d.paused;
            double now = measure_now();
            bool tick = now >= next_tick;
            bool in_flight = d.snap->state == RUNNER_MEASURING;
            if (d.dirty || d.snap->version != d.drawn_version || (tick && in_flight))
                draw(&d);
            if (tick) {
                next_tick = now + delay_s;
                if (opt->max_iterations && ++refreshes >= opt->max_iterations)
                    break;
            }
            if (screen_stop_signal)
                break;
            int key = getch();
            if (screen_stop_signal)
                break;
            if (key != ERR && !handle_key(&d, key))
                break;
        }
        screen_close();
    }
    runner_destroy(d.run);
    if (save && status == 0) {
        settings s = settings_from(&d.wanted, d.delay_tenths);
        if (config_save(NULL, &s, err, sizeof err) != 0)
            fprintf(stderr, "tttop: settings not saved: %s\n", err);
    }
    free(d.snap);
    return status;
}
