#include "core/runner.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/measure.h"
#include "core/variant_call.h"
#include "core/workload.h"

/* Samples waiting for the face; it takes them every few tens of milliseconds. */
#define OUTBOX_MAX 256
/* Runs whose check verdict is known, so that a run is checked once. */
#define VERDICTS_MAX 64

typedef struct verdict_memo {
    experiment run;
    check_verdict verdict;
    double max_rel_err, tolerance;
    uint64_t last_use;
} verdict_memo;

struct runner {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    kernel_ctl ctl;

    /* requests, under lock */
    experiment wanted;
    uint64_t generation; /* bumps on every request that must interrupt the worker */
    bool paused, quit;
    experiment *plan;
    int plan_next, plan_count; /* plan_next == plan_count: no plan */
    double plan_cap;           /* seconds per point, 0 = none */

    /* the watchdog of the capped point in flight, under lock */
    pthread_t watchdog;
    pthread_cond_t watch;
    bool watching, timed_out;
    double deadline; /* CLOCK_MONOTONIC */

    /* published state, under lock */
    runner_snapshot snap;
    double run_started; /* CLOCK_MONOTONIC of the sample in flight */
    sample *outbox;
    int outbox_count;
    verdict_memo verdicts[VERDICTS_MAX];
    uint64_t verdict_clock;

    /* what the plan's points took so far, per variant, under lock: predicts the next */
    double *plan_point_s, *plan_point_flops;

    /* worker-only */
    char **event_names;
    int nevents;
};

static verdict_memo *verdict_for(runner *r, const experiment *e)
{
    for (int i = 0; i < VERDICTS_MAX; i++)
        if (r->verdicts[i].last_use && experiment_same_run(&r->verdicts[i].run, e))
            return &r->verdicts[i];
    return NULL;
}

static void remember_verdict(runner *r, const sample *s)
{
    if (s->verdict == CHECK_NOT_RUN)
        return;
    verdict_memo *slot = verdict_for(r, &s->exp);
    if (!slot) { /* the least recently used */
        slot = &r->verdicts[0];
        for (int i = 1; i < VERDICTS_MAX; i++)
            if (r->verdicts[i].last_use < slot->last_use)
                slot = &r->verdicts[i];
    }
    *slot = (verdict_memo){.run = s->exp,
                           .verdict = s->verdict,
                           .max_rel_err = s->max_rel_err,
                           .tolerance = s->tolerance,
                           .last_use = ++r->verdict_clock};
}

/* Under lock: hand a finished sample to the face. */
static void publish_sample(runner *r, sample *s)
{
    s->seq = ++r->snap.samples;
    verdict_memo *known = verdict_for(r, &s->exp);
    if (s->verdict == CHECK_NOT_RUN && known) {
        s->verdict = known->verdict;
        s->max_rel_err = known->max_rel_err;
        s->tolerance = known->tolerance;
        known->last_use = ++r->verdict_clock;
    } else {
        remember_verdict(r, s);
    }
    if (r->outbox_count == OUTBOX_MAX) { /* nobody is taking them: keep the newest */
        memmove(r->outbox, r->outbox + 1, (OUTBOX_MAX - 1) * sizeof *r->outbox);
        r->outbox_count--;
    }
    r->outbox[r->outbox_count++] = *s;
    r->snap.version++;
}

static bool plan_active(const runner *r)
{
    return r->plan_next < r->plan_count;
}

static void end_plan(runner *r)
{
    free(r->plan);
    r->plan = NULL;
    r->plan_next = r->plan_count = 0;
    r->plan_cap = 0.0;
    r->snap.planning = false;
    r->snap.plan_done = r->snap.plan_total = 0;
}

/* Under lock: what the worker should run next, or false to wait. */
static bool next_experiment(runner *r, experiment *out)
{
    if (r->paused)
        return false;
    *out = plan_active(r) ? r->plan[r->plan_next] : r->wanted;
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

/* Threads a variant left spinning are stopped before anything else runs or the worker
 * idles; a run of the same threaded variant next would only restart them. */
typedef struct lingering {
    bool hot;
    experiment after;
} lingering;

static void settle_threads(lingering *l, const experiment *next)
{
    if (!l->hot)
        return;
    if (next && next->variant == l->after.variant &&
        experiment_threads(next) == experiment_threads(&l->after))
        return;
    kernel_tunables tun;
    variant_tunables(&l->after, &tun);
    kernel_release(variant_kernel(l->after.variant), &tun);
    l->hot = false;
}

/* Under lock: move on to the plan's next point. */
static void plan_advance(runner *r)
{
    r->plan_next++;
    r->snap.plan_done = r->plan_next;
    if (!plan_active(r))
        end_plan(r);
}

/* Under lock: a point of a capped plan not measured, published so that a chart marks it. */
static void publish_skipped(runner *r, const experiment *e)
{
    sample s;
    memset(&s, 0, sizeof s);
    s.exp = *e;
    s.skipped = true;
    s.t_last = s.t_min = s.t_median = s.t_max = s.gflops = NAN;
    s.max_rel_err = s.loss = s.accuracy = s.loss_start = s.accuracy_start = NAN;
    s.flops = experiment_flops(e);
    s.tolerance = CHECK_TOLERANCE;
    for (int i = 0; i < COUNTERS_MAX; i++)
        s.counts[i] = NAN;
    publish_sample(r, &s);
}

/* The seconds a plan point of e's variant should take, from the variant's last point in
 * this plan scaled by the work; 0 when there is none to go by. */
static double predict_point(const runner *r, const experiment *e)
{
    const int v = e->variant;
    if (v < 0 || v >= variants_count() || !(r->plan_point_s[v] > 0) ||
        !(r->plan_point_flops[v] > 0))
        return 0.0;
    return r->plan_point_s[v] * experiment_flops(e) / r->plan_point_flops[v];
}

/* Cancels a capped point that runs past its deadline. */
static void *watchdog_main(void *arg)
{
    runner *r = arg;
    pthread_mutex_lock(&r->lock);
    while (!r->quit) {
        if (!r->watching) {
            pthread_cond_wait(&r->watch, &r->lock);
            continue;
        }
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until); /* the clock of the watch condition */
        const double wait = r->deadline - measure_now();
        if (wait <= 0) {
            r->timed_out = true;
            r->watching = false;
            atomic_store(&r->ctl.cancel, true);
            continue;
        }
        until.tv_sec += (time_t)wait;
        until.tv_nsec += (long)((wait - (double)(time_t)wait) * 1e9);
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&r->watch, &r->lock, &until);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
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
    lingering spinning = {0};

    pthread_mutex_lock(&r->lock);
    while (!r->quit) {
        experiment e;
        bool idle = !next_experiment(r, &e) || failed_generation == r->generation;
        settle_threads(&spinning, idle ? NULL : &e);
        if (idle) {
            if (r->paused && r->snap.state != RUNNER_PAUSED) {
                r->snap.state = RUNNER_PAUSED;
                r->snap.version++;
            }
            pthread_cond_wait(&r->wake, &r->lock);
            continue;
        }
        const double cap = plan_active(r) ? r->plan_cap : 0.0;
        if (cap > 0 && predict_point(r, &e) > cap) {
            publish_skipped(r, &e);
            plan_advance(r);
            continue;
        }
        uint64_t generation = r->generation;
        atomic_store(&r->ctl.cancel, false);
        atomic_store(&r->ctl.done, 0);
        atomic_store(&r->ctl.total, 0);
        verdict_memo *known = verdict_for(r, &e);
        bool check = !known;
        r->snap.running = e;
        r->snap.state = RUNNER_MEASURING;
        r->snap.error[0] = '\0';
        r->run_started = measure_now();
        r->snap.version++;
        r->timed_out = false;
        if (cap > 0) {
            r->deadline = r->run_started + cap;
            r->watching = true;
            pthread_cond_signal(&r->watch);
        }
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
        const double t0 = measure_now();
        if (status == KERNEL_DONE) {
            status = measure_sample(ops, st, &e, set, &r->ctl, check, &s);
            spinning = (lingering){.hot = true, .after = e};
        }
        const double took = measure_now() - t0;
        pthread_mutex_lock(&r->lock);
        r->watching = false;
        if (status == KERNEL_DONE && generation == r->generation) {
            publish_sample(r, &s);
            if (plan_active(r)) {
                if (e.variant >= 0 && e.variant < variants_count()) {
                    r->plan_point_s[e.variant] = took;
                    r->plan_point_flops[e.variant] = s.flops;
                }
                plan_advance(r);
            }
        } else if (status == KERNEL_CANCELLED && r->timed_out && generation == r->generation &&
                   plan_active(r)) {
            publish_skipped(r, &e);
            plan_advance(r);
        } else if (status == KERNEL_NOMEM && generation == r->generation) {
            pthread_mutex_unlock(&r->lock);
            set_failed(r, err[0] ? err : "out of memory");
            pthread_mutex_lock(&r->lock);
            if (plan_active(r)) { /* a point that cannot run is skipped */
                plan_advance(r);
            } else {
                failed_generation = generation;
            }
        }
    }
    pthread_mutex_unlock(&r->lock);
    settle_threads(&spinning, NULL);
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
    free(r->outbox);
    free(r->plan);
    free(r->plan_point_s);
    free(r->plan_point_flops);
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
                      char *err, size_t errlen)
{
    runner *r = calloc(1, sizeof *r);
    const size_t nv = (size_t)(variants_count() > 0 ? variants_count() : 1);
    if (!r || !(r->outbox = calloc(OUTBOX_MAX, sizeof *r->outbox)) ||
        !(r->plan_point_s = calloc(nv, sizeof(double))) ||
        !(r->plan_point_flops = calloc(nv, sizeof(double)))) {
        if (r) {
            free(r->outbox);
            free(r->plan_point_s);
        }
        free(r);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    r->wanted = *initial;
    r->snap.wanted = *initial;
    r->snap.running = *initial;
    r->snap.eta_s = -1.0;
    if (event_names && nevents > 0) {
        r->event_names = calloc((size_t)nevents, sizeof *r->event_names);
        r->nevents = nevents;
        for (int i = 0; r->event_names && i < nevents; i++)
            r->event_names[i] = strdup(event_names[i]);
        if (!names_copied(r)) {
            snprintf(err, errlen, "out of memory");
            free_runner(r);
            return NULL;
        }
    }
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->wake, NULL);
    pthread_condattr_t monotonic;
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
    pthread_cond_init(&r->watch, &monotonic);
    pthread_condattr_destroy(&monotonic);
    if (pthread_create(&r->watchdog, NULL, watchdog_main, r) != 0) {
        snprintf(err, errlen, "cannot start the worker thread");
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->wake);
        pthread_cond_destroy(&r->watch);
        free_runner(r);
        return NULL;
    }
    if (pthread_create(&r->thread, NULL, runner_main, r) != 0) {
        snprintf(err, errlen, "cannot start the worker thread");
        pthread_mutex_lock(&r->lock);
        r->quit = true;
        pthread_cond_signal(&r->watch);
        pthread_mutex_unlock(&r->lock);
        pthread_join(r->watchdog, NULL);
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->wake);
        pthread_cond_destroy(&r->watch);
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
    pthread_cond_signal(&r->watch);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    pthread_join(r->watchdog, NULL);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->wake);
    pthread_cond_destroy(&r->watch);
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
        end_plan(r);
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
    r->outbox_count = 0; /* a sample taken before the reset must not land after it */
    interrupt(r);
    pthread_mutex_unlock(&r->lock);
}

int runner_plan(runner *r, const experiment *plan, int count)
{
    return runner_plan_capped(r, plan, count, 0.0);
}

int runner_plan_capped(runner *r, const experiment *plan, int count, double cap_s)
{
    experiment *copy = count > 0 ? malloc((size_t)count * sizeof *copy) : NULL;
    if (count > 0 && !copy)
        return -1;
    if (count > 0)
        memcpy(copy, plan, (size_t)count * sizeof *copy);
    pthread_mutex_lock(&r->lock);
    end_plan(r);
    r->plan = copy;
    r->plan_count = count;
    r->plan_cap = count > 0 && cap_s > 0 ? cap_s : 0.0;
    memset(r->plan_point_s, 0, (size_t)variants_count() * sizeof(double));
    memset(r->plan_point_flops, 0, (size_t)variants_count() * sizeof(double));
    r->snap.planning = count > 0;
    r->snap.plan_total = count;
    r->snap.version++;
    interrupt(r);
    pthread_mutex_unlock(&r->lock);
    return 0;
}

int runner_sweep(runner *r)
{
    pthread_mutex_lock(&r->lock);
    experiment base = r->wanted;
    pthread_mutex_unlock(&r->lock);
    const int n = variants_count();
    experiment *plan = malloc((size_t)n * sizeof *plan);
    if (!plan)
        return -1;
    for (int v = 0; v < n; v++) {
        plan[v] = base;
        plan[v].variant = v;
    }
    int rc = runner_plan(r, plan, n);
    free(plan);
    return rc;
}

int runner_take(runner *r, sample *out, int cap)
{
    pthread_mutex_lock(&r->lock);
    int n = r->outbox_count < cap ? r->outbox_count : cap;
    memcpy(out, r->outbox, (size_t)n * sizeof *out);
    memmove(r->outbox, r->outbox + n, (size_t)(r->outbox_count - n) * sizeof *r->outbox);
    r->outbox_count -= n;
    pthread_mutex_unlock(&r->lock);
    return n;
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
