#include "runner.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "measure.h"
#include "report.h"
#include "stats.h"
#include "workload.h"

#define RUNNER_MAX_MEDIANS 1024
#define RUNNER_LADDER_CACHE 32

/* Ladders of recently visited settings, so that going back to a size finds its table. */
typedef struct ladder_slot {
    bool used;
    uint64_t last_use;
    experiment key;
    sample by_variant[RUNNER_MAX_VARIANTS];
} ladder_slot;

struct runner {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    kernel_ctl ctl;

    /* requests, under lock */
    experiment wanted;
    uint64_t generation; /* bumps on every request that must interrupt the worker */
    bool paused, quit, reset_pending;
    int sweep_next; /* next variant to sweep, -1 when not sweeping */

    /* published state, under lock */
    runner_snapshot snap;
    double run_started; /* CLOCK_MONOTONIC of the sample in flight */
    double medians[RUNNER_MAX_MEDIANS];
    uint64_t ladder_clock;
    uint64_t published; /* samples so far: the next seq */
    ladder_slot ladders[RUNNER_LADDER_CACHE];

    /* worker-only */
    char **event_names;
    int nevents;
    int record_fd;
    experiment last_point_exp;
    bool have_last_point;
};

static ladder_slot *ladder_for(runner *r, const experiment *e, bool create)
{
    ladder_slot *oldest = &r->ladders[0];
    for (int i = 0; i < RUNNER_LADDER_CACHE; i++) {
        ladder_slot *slot = &r->ladders[i];
        if (slot->used && experiment_same_setting(&slot->key, e)) {
            slot->last_use = ++r->ladder_clock;
            return slot;
        }
        if (!slot->used || (oldest->used && slot->last_use < oldest->last_use))
            oldest = slot;
    }
    if (!create)
        return NULL;
    memset(oldest, 0, sizeof *oldest);
    oldest->used = true;
    oldest->key = *e;
    oldest->last_use = ++r->ladder_clock;
    return oldest;
}

/* Under lock: copy the ladder of the wanted setting into the snapshot. */
static void publish_ladder(runner *r)
{
    ladder_slot *slot = ladder_for(r, &r->snap.wanted, false);
    if (slot)
        memcpy(r->snap.ladder, slot->by_variant, sizeof r->snap.ladder);
    else
        memset(r->snap.ladder, 0, sizeof r->snap.ladder);
}

static void clear_setting_stats(runner *r)
{
    r->snap.nsamples = 0;
    r->snap.best_s = NAN;
    r->snap.median_s = NAN;
    memset(&r->snap.last, 0, sizeof r->snap.last);
}

/* Under lock: fold a finished sample into the published state. */
static void publish_sample(runner *r, sample *s)
{
    runner_snapshot *snap = &r->snap;
    s->seq = ++r->published;
    ladder_slot *slot = ladder_for(r, &s->exp, true);
    if (s->exp.variant >= 0 && s->exp.variant < RUNNER_MAX_VARIANTS) {
        const sample *prev = &slot->by_variant[s->exp.variant];
        /* a setting is checked once: later samples carry that verdict */
        if (s->verdict == CHECK_NOT_RUN && prev->seq && experiment_same_run(&prev->exp, &s->exp)) {
            s->verdict = prev->verdict;
            s->max_rel_err = prev->max_rel_err;
        }
        slot->by_variant[s->exp.variant] = *s;
    }

    if (experiment_same_run(&s->exp, &snap->wanted)) {
        snap->last = *s;
        if (snap->nsamples < RUNNER_MAX_MEDIANS)
            r->medians[snap->nsamples] = s->t_median;
        snap->nsamples++;
        if (isnan(snap->best_s) || s->t_min < snap->best_s)
            snap->best_s = s->t_min;
        int n = snap->nsamples < RUNNER_MAX_MEDIANS ? snap->nsamples : RUNNER_MAX_MEDIANS;
        double tmp[RUNNER_MAX_MEDIANS];
        memcpy(tmp, r->medians, (size_t)n * sizeof tmp[0]);
        snap->median_s = stats_median_inplace(tmp, (size_t)n);
    }

    history_point p = {
        .seq = s->seq,
        .variant = s->exp.variant,
        .setting_changed = r->have_last_point && !experiment_same_run(&r->last_point_exp, &s->exp),
        .gflops = s->gflops,
        .t_median = s->t_median,
        .loss = s->loss,
        .accuracy = s->accuracy,
    };
    r->last_point_exp = s->exp;
    r->have_last_point = true;
    if (snap->history_count == RUNNER_HISTORY) {
        memmove(snap->history, snap->history + 1, (RUNNER_HISTORY - 1) * sizeof p);
        snap->history_count--;
    }
    snap->history[snap->history_count++] = p;
    publish_ladder(r);
    snap->version++;
}

static void record_sample(runner *r, const sample *s)
{
    if (r->record_fd < 0)
        return;
    report_row row = {.s = *s, .slowdown_vs_openblas = NAN, .speedup_vs_naive = NAN};
    pthread_mutex_lock(&r->lock);
    ladder_slot *slot = ladder_for(r, &s->exp, false);
    if (slot) {
        const sample *naive = &slot->by_variant[kernel_index("naive")];
        const sample *blas = &slot->by_variant[kernel_index("openblas")];
        if (naive->seq)
            row.speedup_vs_naive = naive->t_median / s->t_median;
        if (blas->seq)
            row.slowdown_vs_openblas = s->t_median / blas->t_median;
    }
    json_t *obj = report_result_json(&row, r->snap.events, r->snap.nevents);
    pthread_mutex_unlock(&r->lock);
    char *line = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    json_decref(obj);
    if (line) {
        /* One write per line on an O_APPEND descriptor: a reader never sees half a line. */
        size_t len = strlen(line);
        line[len] = '\n';
        ssize_t written = write(r->record_fd, line, len + 1);
        (void)written;
        free(line);
    }
}

/* Under lock: what the worker should run next, or false to wait. */
static bool next_experiment(runner *r, experiment *out)
{
    if (r->paused)
        return false;
    if (r->sweep_next >= 0) {
        if (r->sweep_next >= kernel_count() || r->sweep_next >= RUNNER_MAX_VARIANTS) {
            r->sweep_next = -1;
            r->snap.sweeping = false;
            r->snap.version++;
        } else {
            *out = r->wanted;
            out->variant = r->sweep_next;
            return true;
        }
    }
    *out = r->wanted;
    return true;
}

static bool same_data(const experiment *a, const experiment *b)
{
    if (a->workload != b->workload || a->seed != b->seed)
        return false;
    if (a->workload == WORKLOAD_MATMUL)
        return a->m == b->m && a->n == b->n && a->k == b->k;
    return a->batch == b->batch;
}

static bool verdict_known(runner *r, const experiment *e)
{
    ladder_slot *slot = ladder_for(r, e, false);
    if (!slot || e->variant < 0 || e->variant >= RUNNER_MAX_VARIANTS)
        return false;
    const sample *s = &slot->by_variant[e->variant];
    return s->seq && s->verdict != CHECK_NOT_RUN && experiment_same_run(&s->exp, e);
}

static void set_failed(runner *r, const char *message)
{
    pthread_mutex_lock(&r->lock);
    r->snap.state = RUNNER_FAILED;
    snprintf(r->snap.error, sizeof r->snap.error, "%s", message);
    r->snap.version++;
    pthread_mutex_unlock(&r->lock);
}

static void open_counters(runner *r, counters **set)
{
    const char *defaults[COUNTERS_MAX];
    const char *const *names = (const char *const *)r->event_names;
    int count = r->nevents;
    if (!names) {
        count = counters_default_names(defaults, COUNTERS_MAX);
        names = defaults;
    }
    *set = counters_open(names, count);
    pthread_mutex_lock(&r->lock);
    runner_snapshot *snap = &r->snap;
    if (*set) {
        snap->nevents = counters_count(*set);
        for (int i = 0; i < snap->nevents; i++)
            snap->events[i] = *counters_event(*set, i);
        snap->counter_groups = counters_group_count(*set);
        snprintf(snap->counter_status, sizeof snap->counter_status, "%s",
                 counters_status_line(*set));
    } else {
        snprintf(snap->counter_status, sizeof snap->counter_status, "counters off: out of memory");
    }
    snap->counters_ready = true;
    snap->version++;
    pthread_mutex_unlock(&r->lock);
}

static void *runner_main(void *arg)
{
    runner *r = arg;
    counters *set = NULL;
    open_counters(r, &set);

    workload_state *st = NULL;
    experiment st_exp = {0};
    const workload_ops *ops = NULL;
    uint64_t failed_generation = UINT64_MAX;
    bool blas_threads_hot = false; /* OpenBLAS's threads may be spinning */

    pthread_mutex_lock(&r->lock);
    while (!r->quit) {
        experiment e;
        if (r->reset_pending) {
            r->reset_pending = false;
            clear_setting_stats(r);
            r->snap.history_count = 0;
            r->have_last_point = false;
            ladder_slot *slot = ladder_for(r, &r->wanted, false);
            if (slot)
                slot->used = false;
            publish_ladder(r);
            r->snap.version++;
        }
        bool idle = !next_experiment(r, &e) || failed_generation == r->generation;
        if (blas_threads_hot &&
            (idle || !kernel_openblas_threads_linger(kernel_at(e.variant), &e.tun))) {
            kernel_openblas_release_threads();
            blas_threads_hot = false;
        }
        if (idle) {
            if (r->paused && r->snap.state != RUNNER_PAUSED) {
                r->snap.state = RUNNER_PAUSED;
                r->snap.version++;
            }
            pthread_cond_wait(&r->wake, &r->lock);
            continue;
        }
        uint64_t generation = r->generation;
        atomic_store(&r->ctl.cancel, false);
        atomic_store(&r->ctl.done, 0);
        atomic_store(&r->ctl.total, 0);
        bool check = !verdict_known(r, &e);
        r->snap.running = e;
        r->snap.state = RUNNER_MEASURING;
        r->snap.error[0] = '\0';
        r->run_started = measure_now();
        r->snap.version++;
        pthread_mutex_unlock(&r->lock);

        char err[RUNNER_ERROR_MAX] = "";
        int status = KERNEL_DONE;
        if (experiment_validate(&e, err, sizeof err) != 0) {
            status = KERNEL_NOMEM;
        } else if (!st || !same_data(&st_exp, &e)) {
            if (st)
                ops->destroy(st);
            ops = workload_ops_for(e.workload);
            st = ops->create(&e, err, sizeof err);
            st_exp = e;
            if (!st)
                status = KERNEL_NOMEM;
        }
        sample s;
        if (status == KERNEL_DONE) {
            status = measure_sample(ops, st, &e, set, &r->ctl, check, &s);
            blas_threads_hot = blas_threads_hot ||
                               kernel_openblas_threads_linger(kernel_at(e.variant), &e.tun);
        }
        if (status == KERNEL_DONE) {
            pthread_mutex_lock(&r->lock);
            bool current = generation == r->generation;
            if (current) {
                publish_sample(r, &s);
                if (r->sweep_next >= 0)
                    r->sweep_next++;
            }
            pthread_mutex_unlock(&r->lock);
            if (current)
                record_sample(r, &s);
        } else if (status == KERNEL_NOMEM) {
            set_failed(r, err[0] ? err : "out of memory");
            failed_generation = generation;
        }
        pthread_mutex_lock(&r->lock);
    }
    pthread_mutex_unlock(&r->lock);
    if (st)
        ops->destroy(st);
    counters_close(set);
    return NULL;
}

static void free_runner(runner *r)
{
    for (int i = 0; r->event_names && i < r->nevents; i++)
        free(r->event_names[i]);
    free(r->event_names);
    if (r->record_fd >= 0)
        close(r->record_fd);
    free(r);
}

static bool names_copied(const runner *r)
{
    if (!r->event_names)
        return false;
    for (int i = 0; i < r->nevents; i++)
        if (!r->event_names[i])
            return false;
    return true;
}

runner *runner_create(const experiment *initial, const char *const *event_names, int nevents,
                      const char *record_path, char *err, size_t errlen)
{
    runner *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    r->record_fd = -1;
    r->wanted = *initial;
    r->sweep_next = -1;
    r->snap.wanted = *initial;
    r->snap.running = *initial;
    r->snap.eta_s = -1.0;
    clear_setting_stats(r);
    if (event_names && nevents > 0) {
        r->event_names = calloc((size_t)nevents, sizeof *r->event_names);
        r->nevents = nevents;
        for (int i = 0; r->event_names && i < nevents; i++)
            r->event_names[i] = strdup(event_names[i]);
    }
    if (record_path) {
        r->record_fd = open(record_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (r->record_fd < 0)
            snprintf(err, errlen, "--record %s: cannot open: %s", record_path, strerror(errno));
    }
    if ((record_path && r->record_fd < 0) || (event_names && nevents > 0 && !names_copied(r))) {
        if (!(record_path && r->record_fd < 0))
            snprintf(err, errlen, "out of memory");
        free_runner(r);
        return NULL;
    }
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->wake, NULL);
    if (pthread_create(&r->thread, NULL, runner_main, r) != 0) {
        snprintf(err, errlen, "cannot start the worker thread");
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->wake);
        free_runner(r);
        return NULL;
    }
    return r;
}

void runner_destroy(runner *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->lock);
    r->quit = true;
    atomic_store(&r->ctl.cancel, true);
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->wake);
    free_runner(r);
}

/* Under lock: make the worker drop what it is doing and look at the requests again. */
static void interrupt(runner *r)
{
    r->generation++;
    atomic_store(&r->ctl.cancel, true);
    pthread_cond_signal(&r->wake);
}

void runner_configure(runner *r, const experiment *e)
{
    pthread_mutex_lock(&r->lock);
    bool changed = !experiment_same_run(&r->wanted, e) || r->snap.state == RUNNER_FAILED;
    r->wanted = *e;
    r->snap.wanted = *e;
    if (changed) {
        r->sweep_next = -1;
        r->snap.sweeping = false;
        clear_setting_stats(r);
        publish_ladder(r);
        r->snap.version++;
        interrupt(r);
    }
    pthread_mutex_unlock(&r->lock);
}

void runner_set_paused(runner *r, bool paused)
{
    pthread_mutex_lock(&r->lock);
    if (r->paused != paused) {
        r->paused = paused;
        r->snap.state = paused ? RUNNER_PAUSED : RUNNER_MEASURING;
        r->snap.version++;
        interrupt(r);
    }
    pthread_mutex_unlock(&r->lock);
}

void runner_reset(runner *r)
{
    pthread_mutex_lock(&r->lock);
    r->reset_pending = true;
    interrupt(r);
    pthread_mutex_unlock(&r->lock);
}

void runner_sweep(runner *r)
{
    pthread_mutex_lock(&r->lock);
    r->sweep_next = 0;
    r->snap.sweeping = true;
    r->snap.version++;
    interrupt(r);
    pthread_mutex_unlock(&r->lock);
}

void runner_snapshot_get(runner *r, runner_snapshot *out)
{
    pthread_mutex_lock(&r->lock);
    *out = r->snap;
    double started = r->run_started;
    pthread_mutex_unlock(&r->lock);
    out->progress_done = atomic_load_explicit(&r->ctl.done, memory_order_relaxed);
    out->progress_total = atomic_load_explicit(&r->ctl.total, memory_order_relaxed);
    out->run_elapsed_s = out->state == RUNNER_MEASURING ? measure_now() - started : 0.0;
    out->eta_s = -1.0;
    if (out->state == RUNNER_MEASURING && out->progress_done > 0 &&
        out->progress_total > out->progress_done)
        out->eta_s = out->run_elapsed_s * (double)(out->progress_total - out->progress_done) /
                     (double)out->progress_done;
}
