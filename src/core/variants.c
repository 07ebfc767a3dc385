#include "core/variants.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/variant_call.h"
#include "machine/hostinfo.h"

static_assert(KERNEL_KNOB_COUNT <= VARIANT_MAX_KNOBS, "experiment.knob is too small");

/* The registry's tunables copied into the faces' type, once. */
static variant_tunable knobs[KERNEL_KNOB_COUNT];

static void copy_tunable(variant_tunable *out, const kernel_tunable *t)
{
    *out = (variant_tunable){
        .knob = (int)t->knob,
        .name = t->name,
        .label = t->label,
        .unit = t->unit,
        .help = t->help,
        .min = t->min,
        .max = t->max,
        .def = t->def,
        .steps = t->steps,
        .nsteps = t->nsteps,
        .key_up = t->key_up,
        .key_down = t->key_down,
        .per_setting = t->per_setting,
        .tuned = t->tuned,
    };
}

/* Values saved by `tttop tune`, one row of knobs per variant: written at start-up (and
 * by a saved block sweep), read by the worker thread. */
static atomic_int *tuned;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
    for (int k = 0; k < KERNEL_KNOB_COUNT; k++) {
        const kernel_tunable *t = kernel_knob_info((kernel_knob)k);
        if (t)
            copy_tunable(&knobs[k], t);
        else
            knobs[k] = (variant_tunable){.knob = k, .name = "?", .label = "?", .unit = ""};
    }
    tuned = calloc((size_t)kernel_count() * VARIANT_MAX_KNOBS, sizeof *tuned);
    /* the kernels size their blocks from this machine's caches (they read nothing) */
    const hostinfo *h = hostinfo_get();
    kernel_set_caches(&(kernel_caches){.l1d = h->l1d.bytes,
                                       .l2 = h->l2.bytes,
                                       .l3 = h->l3.bytes,
                                       .l1d_ways = h->l1d.ways,
                                       .l2_ways = h->l2.ways,
                                       .l3_ways = h->l3.ways,
                                       .line = h->l1d.line});
}

static void ensure_knobs(void)
{
    pthread_once(&once, init_once);
}

int variants_count(void)
{
    return kernel_count();
}

const kernel_info *variant_kernel(int v)
{
    ensure_knobs();
    return kernel_at(v);
}

const char *variant_name(int v)
{
    const kernel_info *k = kernel_at(v);
    return k ? k->name : "?";
}

const char *variant_summary(int v)
{
    const kernel_info *k = kernel_at(v);
    return k && k->summary ? k->summary : "";
}

const char *variant_lesson(int v)
{
    const kernel_info *k = kernel_at(v);
    return k && k->lesson ? k->lesson : "";
}

int variant_find(const char *name)
{
    return kernel_index(name);
}

int variant_baseline(void)
{
    return kernel_index_of_role(KERNEL_ROLE_BASELINE);
}

int variant_reference(void)
{
    return kernel_index_of_role(KERNEL_ROLE_REFERENCE);
}

int variant_first_shown(void)
{
    return kernel_first_shown();
}

const kernel_info *variant_reference_kernel(void)
{
    return kernel_at(variant_reference());
}

void variants_list(char *buf, size_t len)
{
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    for (int v = 0; v < kernel_count() && used < len; v++) {
        int n = snprintf(buf + used, len - used, "%s%s", v ? ", " : "", kernel_at(v)->name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

int variants_knob_count(void)
{
    return KERNEL_KNOB_COUNT;
}

const variant_tunable *variants_knob(int knob)
{
    ensure_knobs();
    return knob >= 0 && knob < KERNEL_KNOB_COUNT ? &knobs[knob] : NULL;
}

int variants_knob_find(const char *name)
{
    ensure_knobs();
    for (int k = 0; k < KERNEL_KNOB_COUNT; k++)
        if (strcmp(knobs[k].name, name) == 0)
            return k;
    return -1;
}

int variants_threads_knob(void)
{
    return KERNEL_KNOB_THREADS;
}

int variant_tunable_count(int v)
{
    const kernel_info *k = kernel_at(v);
    int n = 0;
    while (k && k->tunables && k->tunables[n])
        n++;
    return n;
}

const variant_tunable *variant_tunable_at(int v, int i)
{
    const kernel_info *k = kernel_at(v);
    if (!k || i < 0 || i >= variant_tunable_count(v))
        return NULL;
    return variants_knob((int)k->tunables[i]->knob);
}

bool variant_uses(int v, int knob)
{
    const kernel_info *k = kernel_at(v);
    return k && knob >= 0 && knob < KERNEL_KNOB_COUNT && kernel_uses(k, (kernel_knob)knob);
}

int variants_knob_step(int knob, int value, int dir, int max_value)
{
    const variant_tunable *t = variants_knob(knob);
    if (!t)
        return value;
    int hi = max_value > 0 && max_value < t->max ? max_value : t->max;
    int next = value;
    if (!t->steps) {
        next = value + dir;
    } else if (dir > 0) {
        for (int i = 0; i < t->nsteps && next == value; i++)
            if (t->steps[i] > value)
                next = t->steps[i];
    } else {
        for (int i = t->nsteps - 1; i >= 0 && next == value; i--)
            if (t->steps[i] < value)
                next = t->steps[i];
    }
    return next < t->min || next > hi ? value : next;
}

static atomic_int *tuned_slot(int v, int knob)
{
    ensure_knobs();
    if (!tuned || v < 0 || v >= kernel_count() || knob < 0 || knob >= VARIANT_MAX_KNOBS)
        return NULL;
    return &tuned[(size_t)v * VARIANT_MAX_KNOBS + (size_t)knob];
}

void variants_tuned_set(int v, int knob, int value)
{
    atomic_int *slot = tuned_slot(v, knob);
    if (slot)
        atomic_store(slot, value > 0 ? value : 0);
}

int variants_tuned_get(int v, int knob)
{
    atomic_int *slot = tuned_slot(v, knob);
    return slot ? atomic_load(slot) : 0;
}

void variants_tuned_clear(void)
{
    for (int v = 0; v < kernel_count(); v++)
        for (int k = 0; k < VARIANT_MAX_KNOBS; k++)
            variants_tuned_set(v, k, 0);
}

int variants_isa_parse(const char *name)
{
    return kernel_isa_parse(name);
}

const char *variants_isa_choice_name(int isa)
{
    return kernel_isa_name(isa);
}

const char *variants_best_isa(void)
{
    return kernel_best_isa();
}
