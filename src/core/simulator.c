#include "core/simulator.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/simulate.h"

struct simulator {
    sim_job *job;
    experiment *runs; /* the job's runs, variants_count() at most */
    int nruns;
    experiment failed; /* a setting whose simulation failed: not retried until it changes */
    bool have_failed;
    const char *unavailable; /* why this process cannot simulate, NULL when it can */
    char status[256];
    bool bad; /* status is a failure or a reason */
};

simulator *simulator_create(void)
{
    simulator *s = calloc(1, sizeof *s);
    if (s && !(s->runs = calloc((size_t)variants_count(), sizeof *s->runs))) {
        free(s);
        return NULL;
    }
    if (s) /* once: valgrind does not come and go while the dashboard runs */
        s->unavailable = simulate_unavailable();
    return s;
}

static void cancel(simulator *s)
{
    simulate_cancel(s->job); /* SIGKILL to its PID, reaped before this returns */
    s->job = NULL;
    s->nruns = 0;
}

void simulator_free(simulator *s)
{
    if (!s)
        return;
    cancel(s);
    free(s->runs);
    free(s);
}

static bool set_status(simulator *s, bool bad, const char *text)
{
    if (s->bad == bad && strcmp(s->status, text) == 0)
        return false;
    snprintf(s->status, sizeof s->status, "%s", text);
    s->bad = bad;
    return true;
}

static bool in_job(const simulator *s, const experiment *run)
{
    for (int i = 0; i < s->nruns; i++)
        if (experiment_same_run(&s->runs[i], run))
            return true;
    return false;
}

/* The runs at wanted's setting that have no simulated counts yet, wanted's own first. */
static int runs_wanted(const experiment *wanted, const results *model, experiment *out)
{
    int n = 0;
    if (!results_simulated(model, wanted))
        out[n++] = *wanted;
    for (int v = 0; v < variants_count(); v++) {
        experiment e = *wanted;
        e.variant = v;
        if (v != wanted->variant && !results_simulated(model, &e))
            out[n++] = e;
    }
    return n;
}

static bool describe_running(simulator *s)
{
    const int i = simulate_current(s->job);
    if (i < 0 || i >= s->nruns)
        return false;
    int small, large;
    bool part;
    simulate_band(&s->runs[i], &small, &large, &part);
    char text[200];
    if (large > 0)
        snprintf(text, sizeof text, "simulating %s under callgrind (rows 0-%d and 0-%d)...",
                 variant_name(s->runs[i].variant), small - 1, large - 1);
    else
        snprintf(text, sizeof text, "simulating %s under callgrind (all %d rows)...",
                 variant_name(s->runs[i].variant), small);
    return set_status(s, false, text);
}

bool simulator_follow(simulator *s, const experiment *wanted, results *model)
{
    if (!simulate_supports(wanted)) {
        cancel(s);
        return set_status(s, false, "simulated counters: matmul only");
    }
    if (s->unavailable) {
        cancel(s);
        return set_status(s, true, s->unavailable);
    }
    bool changed = false;
    /* a new setting, or a new run there that this child does not simulate: start over */
    if (s->job && (!experiment_same_setting(&s->runs[0], wanted) ||
                   (!results_simulated(model, wanted) && !in_job(s, wanted))))
        cancel(s);
    if (s->have_failed && !experiment_same_setting(&s->failed, wanted))
        s->have_failed = false;
    if (!s->job && !s->have_failed) {
        s->nruns = runs_wanted(wanted, model, s->runs);
        if (s->nruns > 0) {
            char err[256];
            s->job = simulate_start(s->runs, s->nruns, err, sizeof err);
            if (!s->job) {
                s->nruns = 0;
                s->failed = *wanted;
                s->have_failed = true;
                return set_status(s, true, err);
            }
        }
    }
    if (s->job) {
        int index, rc;
        sim_counts counts;
        while ((rc = simulate_poll(s->job, &index, &counts)) == 1) {
            results_set_simulated(model, &s->runs[index], &counts);
            changed = true;
        }
        if (rc < 0) {
            const char *err = simulate_error(s->job);
            if (err[0]) {
                s->failed = *wanted;
                s->have_failed = true;
                changed |= set_status(s, true, err);
            }
            cancel(s);
        }
    }
    if (s->job)
        changed |= describe_running(s);
    else if (!s->have_failed)
        changed |= set_status(s, false, "");
    return changed;
}

const char *simulator_status(const simulator *s)
{
    return s ? s->status : "";
}

bool simulator_failed(const simulator *s)
{
    return s && s->bad;
}

pid_t simulator_pid(const simulator *s)
{
    return s ? simulate_pid(s->job) : 0;
}
