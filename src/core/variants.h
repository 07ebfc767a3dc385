/* The kernel registry as the faces see it: names, lessons, roles and tunables. ui/ cannot
 * include kernels.h (the build leaves kernels/ off its include path); it asks here. A
 * knob is where a tunable's value lives in an experiment; variants that share a knob
 * (threads, block) share its value. */
#ifndef TTTOP_VARIANTS_H
#define TTTOP_VARIANTS_H

#include <stdbool.h>
#include <stddef.h>

#define VARIANT_MAX_KNOBS 8

typedef struct variant_tunable {
    int knob;
    const char *name;  /* "block": option, tuning.ini key, JSON */
    const char *label; /* "block" */
    const char *unit;  /* may be "" */
    const char *help;  /* one line */
    int min, max;
    int def;          /* 0: the variant chooses (a model, or what it was built with) */
    const int *steps; /* what the keys walk and `tttop tune` tries; NULL: every integer */
    int nsteps;
    int key_up, key_down; /* dashboard keys, 0 = none */
    bool per_setting;     /* part of the comparison key, shared by all variants */
    bool tuned;           /* swept by `tttop tune` */
} variant_tunable;

/* Where an effective value came from. */
typedef enum knob_source {
    KNOB_UNUSED = 0, /* the variant does not read it */
    KNOB_DEFAULT,    /* the variant's default */
    KNOB_MODEL,      /* chosen by the variant (e.g. from the cache sizes) */
    KNOB_TUNED,      /* saved by `tttop tune` */
    KNOB_GIVEN,      /* asked for (option, key) */
} knob_source;

int variants_count(void);
const char *variant_name(int v); /* "?" when out of range */
const char *variant_summary(int v);
const char *variant_lesson(int v);
int variant_find(const char *name); /* -1 when unknown */
/* The variant every other is compared with (speed-up), and the one they are checked and
 * compared against (slowdown); -1 when the registry has none. */
int variant_baseline(void);
int variant_reference(void);
int variant_first_shown(void);
/* "naive, reordered, ..." into buf. */
void variants_list(char *buf, size_t len);

int variants_knob_count(void);
const variant_tunable *variants_knob(int knob); /* NULL when out of range */
int variants_knob_find(const char *name);       /* -1 when unknown */
int variants_threads_knob(void);                /* the per-setting knob "threads" */
/* The tunables a variant reads, in its own order. */
int variant_tunable_count(int v);
const variant_tunable *variant_tunable_at(int v, int i);
bool variant_uses(int v, int knob);

/* The next value up (dir 1) or down (dir -1) from value along the knob's steps, clamped to
 * [min, max] and to max_value when > 0; value itself at either end. */
int variants_knob_step(int knob, int value, int dir, int max_value);

/* Values saved by `tttop tune`, used where an experiment leaves a knob at 0. Set at
 * start-up; safe to read from any thread. value 0 forgets. */
void variants_tuned_set(int v, int knob, int value);
int variants_tuned_get(int v, int knob);
void variants_tuned_clear(void);

/* "auto", "avx512", "avx2", "generic" -> the instruction-set choice; -1 when unknown. */
int variants_isa_parse(const char *name);
const char *variants_isa_choice_name(int isa);
/* The widest SIMD tile this CPU runs ("avx512", "avx2+fma", "generic"). */
const char *variants_best_isa(void);

#endif
