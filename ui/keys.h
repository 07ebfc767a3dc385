/* The dashboard's keys: one table, so that help, the key bar and the tests agree. The
 * letters are fixed (scripts and teaching material rely on them); every F-key has a
 * letter alias. */
#ifndef TTTOP_KEYS_H
#define TTTOP_KEYS_H

#include "experiment.h"

typedef enum key_action {
    ACT_NONE = 0,
    ACT_VARIANT_NEXT,
    ACT_VARIANT_PREV,
    ACT_BLOCK_UP,
    ACT_BLOCK_DOWN,
    ACT_SIZE_UP,
    ACT_SIZE_DOWN,
    ACT_THREADS_UP,
    ACT_THREADS_DOWN,
    ACT_WORKLOAD,
    ACT_PAUSE,
    ACT_RESET,
    ACT_SWEEP,
    ACT_EXPORT,
    ACT_HELP,
    ACT_QUIT,
    ACT_REDRAW,
} key_action;

typedef struct key_binding {
    int key; /* a character or a curses KEY_ code */
    key_action action;
    const char *name; /* as shown in help: "v", "F1", "Space" */
    const char *help; /* one line */
} key_binding;

const key_binding *keys_table(int *count);
key_action keys_action(int key);

/* Apply a setting action to e (the ladders of sizes, batches, blocks, threads); returns
 * true when e changed. max_threads bounds the thread count. */
bool keys_apply(key_action a, experiment *e, int max_threads);

/* The steps +/- and b/B walk. */
extern const int keys_sizes[];
extern const int keys_nsizes;
extern const int keys_batches[];
extern const int keys_nbatches;
extern const int keys_blocks[];
extern const int keys_nblocks;

#endif
