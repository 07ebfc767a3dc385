/* The dashboard's keys: one table of key -> action -> labels, from which the help, the key
 * bar and the tests are drawn. The letters are fixed (scripts and teaching material rely
 * on them); every F-key has a letter alias. The keys of tunables (b/B, t/T ...) come from
 * the variants' own descriptions. */
#ifndef TTTOP_KEYS_H
#define TTTOP_KEYS_H

#include "core/experiment.h"

typedef enum key_action {
    ACT_NONE = 0,
    ACT_VARIANT_NEXT,
    ACT_VARIANT_PREV,
    ACT_SIZE_UP,
    ACT_SIZE_DOWN,
    ACT_KNOB_UP,   /* arg: the knob */
    ACT_KNOB_DOWN, /* arg: the knob */
    ACT_WORKLOAD,
    ACT_PAUSE,
    ACT_RESET,
    ACT_SWEEP,
    ACT_CHART,       /* the next chart: history, roofline, size sweep, block sweep */
    ACT_SIZE_SWEEP,  /* every variant at sizes up to the current one */
    ACT_BLOCK_SWEEP, /* the tuner's sweep of the current variant */
    ACT_SAVE_BEST,   /* save the block sweep's best as tuned */
    ACT_EXPORT,
    ACT_HELP,
    ACT_QUIT,
    ACT_REDRAW,
    ACT_DEMO_NEXT, /* the demo's next step */
    ACT_DEMO_BACK, /* the demo's previous step */
    ACT_COUNT,
} key_action;

typedef struct key_binding {
    int key; /* a character or a curses KEY_ code */
    key_action action;
    int arg;
    const char *name; /* as shown in help: "v", "F1", "Space" */
    const char *help; /* one line */
    const char *bar;  /* label in the key bar ("Variant"), NULL: not in the bar */
} key_binding;

/* The whole table, the tunables' keys included. */
const key_binding *keys_table(int *count);
/* The binding of a key, NULL when unbound. */
const key_binding *keys_find(int key);

/* The demo's table (tttop demo): its own keys first (Space and n next, Backspace and p
 * back, q, and P for pause, since Space and p move between steps there), then every key
 * of the dashboard's table it does not take. demo false: the dashboard's table. */
const key_binding *keys_table_mode(bool demo, int *count);
const key_binding *keys_find_mode(bool demo, int key);

/* Apply a setting action to e (the ladders of sizes and batches, the tunables' steps);
 * returns true when e changed. max_threads bounds the threads knob. */
bool keys_apply(const key_binding *b, experiment *e, int max_threads);

/* The steps +/- walk. */
extern const int keys_sizes[];
extern const int keys_nsizes;
extern const int keys_batches[];
extern const int keys_nbatches;

#endif
