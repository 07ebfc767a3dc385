#include "machine/peak.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/hostinfo.h"
#include "store/figures_cache.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static machine_figures current; /* under lock */
static figures_state state;     /* under lock */
static char note[256];          /* under lock */
static pthread_t measurer;
static bool measurer_started;
static atomic_bool stop_measuring;

int machine_usable_cores(int threads)
{
    const int cores = hostinfo_get()->cores;
    if (threads < 1)
        threads = 1;
    return cores > 0 && threads > cores ? cores : threads;
}

double machine_peak_gflops(const sample *s, void *ctx)
{
    (void)ctx;
    pthread_mutex_lock(&lock);
    const double peak =
        state == FIGURES_READY
            ? figures_peak_for(&current, s->isa, machine_usable_cores(s->threads_used))
            : NAN;
    pthread_mutex_unlock(&lock);
    return peak;
}

bool machine_measure_allowed(void)
{
    const char *no = getenv("TTTOP_NO_MEASURE");
    return !no || !no[0];
}

void machine_figures_use(const machine_figures *f)
{
    pthread_mutex_lock(&lock);
    if (f && f->measured) {
        current = *f;
        state = FIGURES_READY;
    } else {
        memset(&current, 0, sizeof current);
        state = FIGURES_UNKNOWN;
    }
    pthread_mutex_unlock(&lock);
}

figures_state machine_figures_now(machine_figures *out)
{
    pthread_mutex_lock(&lock);
    const figures_state now = state;
    if (out)
        *out = current;
    pthread_mutex_unlock(&lock);
    return now;
}

void machine_figures_take_note(char *out, size_t len)
{
    pthread_mutex_lock(&lock);
    snprintf(out, len, "%s", note);
    note[0] = '\0';
    pthread_mutex_unlock(&lock);
}

/* Measure quickly and cache; the note says what went wrong, if anything. */
static int measure_and_cache(machine_figures *f, const atomic_bool *cancel, char *why, size_t len)
{
    char err[512];
    if (figures_measure(&figures_quick, f, cancel, err, sizeof err) != 0) {
        snprintf(why, len, "peak not measured: %.200s", err);
        return -1;
    }
    if (figures_cache_save(NULL, f, err, sizeof err) != 0)
        snprintf(why, len, "machine figures not cached: %.200s", err);
    return 0;
}

static void *measure_main(void *arg)
{
    (void)arg;
    machine_figures f;
    char why[sizeof note] = "";
    const int rc = measure_and_cache(&f, &stop_measuring, why, sizeof why);
    pthread_mutex_lock(&lock);
    if (rc == 0) {
        current = f;
        state = FIGURES_READY;
    } else {
        state = FIGURES_UNKNOWN;
    }
    if (!atomic_load(&stop_measuring))
        snprintf(note, sizeof note, "%s", why);
    pthread_mutex_unlock(&lock);
    return NULL;
}

void machine_figures_start(char *out, size_t len)
{
    machine_figures f;
    char err[512];
    out[0] = '\0';
    const int rc = figures_cache_load(NULL, &f, err, sizeof err);
    if (rc == 0) {
        machine_figures_use(&f);
        return;
    }
    if (!machine_measure_allowed()) {
        if (rc < 0)
            snprintf(out, len, "machine figures ignored: %s", err);
        return;
    }
    if (rc < 0)
        snprintf(out, len, "machine figures ignored, measuring again: %s", err);
    pthread_mutex_lock(&lock);
    state = FIGURES_MEASURING;
    pthread_mutex_unlock(&lock);
    atomic_store(&stop_measuring, false);
    measurer_started = pthread_create(&measurer, NULL, measure_main, NULL) == 0;
    if (!measurer_started) {
        machine_figures_use(NULL);
        snprintf(out, len, "peak not measured: cannot start a thread");
    }
}

void machine_figures_stop(void)
{
    if (!measurer_started)
        return;
    atomic_store(&stop_measuring, true);
    pthread_join(measurer, NULL);
    measurer_started = false;
}

int machine_figures_ensure(void (*say)(const char *line), char *err, size_t errlen)
{
    machine_figures f;
    char why[512];
    const int rc = figures_cache_load(NULL, &f, why, sizeof why);
    if (rc == 0) {
        machine_figures_use(&f);
        return 0;
    }
    if (!machine_measure_allowed()) {
        snprintf(err, errlen, "%s", rc < 0 ? why : "not measured (TTTOP_NO_MEASURE is set)");
        return -1;
    }
    if (say) {
        char line[700];
        snprintf(line, sizeof line,
                 "%s%smeasuring this machine's peak and bandwidth once (about a second; "
                 "`tttop machine` measures longer)",
                 rc < 0 ? why : "", rc < 0 ? "; " : "");
        say(line);
    }
    why[0] = '\0';
    if (measure_and_cache(&f, NULL, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s", why);
        return -1;
    }
    if (why[0] && say)
        say(why);
    machine_figures_use(&f);
    return 0;
}
