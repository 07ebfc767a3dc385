#include "keys.h"

#include <curses.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int keys_sizes[] = {64, 100, 128, 200, 256, 500, 512, 1000, 1024, 1500, 2000, 3000, 4000};
const int keys_nsizes = (int)(sizeof keys_sizes / sizeof keys_sizes[0]);
const int keys_batches[] = {1, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};
const int keys_nbatches = (int)(sizeof keys_batches / sizeof keys_batches[0]);

#define CTRL(c) ((c)&0x1f)

/* The fixed keys; the tunables' keys are inserted after the size keys. */
static const key_binding fixed_head[] = {
    {'v', ACT_VARIANT_NEXT, 0, "v", "next variant (up the ladder)", "Variant"},
    {KEY_RIGHT, ACT_VARIANT_NEXT, 0, "Right", "next variant", NULL},
    {'V', ACT_VARIANT_PREV, 0, "V", "previous variant", NULL},
    {KEY_LEFT, ACT_VARIANT_PREV, 0, "Left", "previous variant", NULL},
    {'+', ACT_SIZE_UP, 0, "+", "matrix size up (batch size in net/train)", "Size"},
    {'=', ACT_SIZE_UP, 0, "=", "same as +", NULL},
    {KEY_UP, ACT_SIZE_UP, 0, "Up", "size up", NULL},
    {'k', ACT_SIZE_UP, 0, "k", "size up", NULL},
    {'-', ACT_SIZE_DOWN, 0, "-", "matrix size down (batch size in net/train)", NULL},
    {KEY_DOWN, ACT_SIZE_DOWN, 0, "Down", "size down", NULL},
    {'j', ACT_SIZE_DOWN, 0, "j", "size down", NULL},
};
static const key_binding fixed_tail[] = {
    {'w', ACT_WORKLOAD, 0, "w", "workload: matmul -> net -> train", "Work"},
    {' ', ACT_PAUSE, 0, "Space", "pause / resume measuring", "Pause"},
    {'p', ACT_PAUSE, 0, "p", "pause / resume", NULL},
    {'r', ACT_RESET, 0, "r", "reset statistics and history", NULL},
    {'s', ACT_SWEEP, 0, "s", "sweep: measure every variant at this setting", "Sweep"},
    {'g', ACT_CHART, 0, "g", "next chart: history, roofline, size/block sweep", "Chart"},
    {'S', ACT_SIZE_SWEEP, 0, "S", "size sweep: every variant, sizes up to this one", NULL},
    {'u', ACT_BLOCK_SWEEP, 0, "u", "block sweep: tune's candidates for this variant", NULL},
    {'W', ACT_SAVE_BEST, 0, "W", "save the block sweep's best as tuned", NULL},
    {'e', ACT_EXPORT, 0, "e", "export: then j for JSON, m for the Markdown report", NULL},
    {'?', ACT_HELP, 0, "?", "this help", NULL},
    {'h', ACT_HELP, 0, "h", "this help", NULL},
    {KEY_F(1), ACT_HELP, 0, "F1", "this help", "Help"},
    {'q', ACT_QUIT, 0, "q", "quit", "Quit"},
    {KEY_F(10), ACT_QUIT, 0, "F10", "quit", NULL},
    {CTRL('l'), ACT_REDRAW, 0, "Ctrl-L", "redraw the screen", NULL},
};

/* Three codes reach us as Backspace: the terminfo key, DEL and Ctrl-H. */
static const key_binding demo_head[] = {
    {' ', ACT_DEMO_NEXT, 0, "Space", "demo: next step", "Next"},
    {'n', ACT_DEMO_NEXT, 0, "n", "demo: next step", NULL},
    {'p', ACT_DEMO_BACK, 0, "p", "demo: previous step", "Back"},
    {KEY_BACKSPACE, ACT_DEMO_BACK, 0, "Backspace", "demo: previous step", NULL},
    {127, ACT_DEMO_BACK, 0, "Backspace", "demo: previous step", NULL},
    {CTRL('h'), ACT_DEMO_BACK, 0, "Backspace", "demo: previous step", NULL},
    {'q', ACT_QUIT, 0, "q", "quit", "Quit"},
    {'P', ACT_PAUSE, 0, "P", "pause / resume measuring", "Pause"},
};

#define NHEAD ((int)(sizeof fixed_head / sizeof fixed_head[0]))
#define NDEMO ((int)(sizeof demo_head / sizeof demo_head[0]))
#define NTAIL ((int)(sizeof fixed_tail / sizeof fixed_tail[0]))
#define MAX_KNOB_KEYS (2 * VARIANT_MAX_KNOBS)

static key_binding table[NHEAD + MAX_KNOB_KEYS + NTAIL];
static char names[MAX_KNOB_KEYS][8], bars[VARIANT_MAX_KNOBS][24];
static int table_count;
static key_binding demo_table[NDEMO + NHEAD + MAX_KNOB_KEYS + NTAIL];
static int demo_count;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static bool bound(int key)
{
    for (int i = 0; i < table_count; i++)
        if (table[i].key == key)
            return true;
    for (int i = 0; i < NTAIL; i++)
        if (fixed_tail[i].key == key)
            return true;
    return false;
}

/* A tunable's keys, unless a fixed key already has them. */
static void add_knob_keys(int knob)
{
    const variant_tunable *t = variants_knob(knob);
    if (!t || !t->key_up || bound(t->key_up) || (t->key_down && bound(t->key_down)))
        return;
    const int slot = table_count - NHEAD;
    snprintf(names[slot], sizeof names[slot], "%c", t->key_up);
    snprintf(bars[knob], sizeof bars[knob], "%s", t->label);
    bars[knob][0] =
        (char)(bars[knob][0] >= 'a' && bars[knob][0] <= 'z' ? bars[knob][0] - 32 : bars[knob][0]);
    table[table_count++] =
        (key_binding){t->key_up, ACT_KNOB_UP, knob, names[slot], t->help, bars[knob]};
    if (t->key_down) {
        snprintf(names[slot + 1], sizeof names[slot + 1], "%c", t->key_down);
        table[table_count++] =
            (key_binding){t->key_down, ACT_KNOB_DOWN, knob, names[slot + 1], t->help, NULL};
    }
}

static void build(void)
{
    memcpy(table, fixed_head, sizeof fixed_head);
    table_count = NHEAD;
    for (int k = 0; k < variants_knob_count() && table_count + 2 <= NHEAD + MAX_KNOB_KEYS; k++)
        add_knob_keys(k);
    memcpy(table + table_count, fixed_tail, sizeof fixed_tail);
    table_count += NTAIL;
    /* the demo's: its own, then the dashboard's keys it leaves alone (the pause keys go
     * with Space and p) */
    memcpy(demo_table, demo_head, sizeof demo_head);
    demo_count = NDEMO;
    for (int i = 0; i < table_count; i++) {
        bool taken = table[i].action == ACT_PAUSE;
        for (int j = 0; j < NDEMO && !taken; j++)
            taken = demo_head[j].key == table[i].key;
        if (!taken)
            demo_table[demo_count++] = table[i];
    }
}

const key_binding *keys_table(int *count)
{
    pthread_once(&once, build);
    *count = table_count;
    return table;
}

const key_binding *keys_table_mode(bool demo, int *count)
{
    pthread_once(&once, build);
    *count = demo ? demo_count : table_count;
    return demo ? demo_table : table;
}

const key_binding *keys_find_mode(bool demo, int key)
{
    int n;
    const key_binding *t = keys_table_mode(demo, &n);
    for (int i = 0; i < n; i++)
        if (t[i].key == key)
            return &t[i];
    return NULL;
}

const key_binding *keys_find(int key)
{
    return keys_find_mode(false, key);
}

/* The next step of a ladder from value, up (dir 1) or down (dir -1). */
static int step(const int *ladder, int n, int value, int dir)
{
    if (dir > 0) {
        for (int i = 0; i < n; i++)
            if (ladder[i] > value)
                return ladder[i];
        return value;
    }
    for (int i = n - 1; i >= 0; i--)
        if (ladder[i] < value)
            return ladder[i];
    return value;
}

/* A knob left to the variant starts from the value the variant would use. */
static int knob_now(const experiment *e, int knob)
{
    if (e->knob[knob] > 0)
        return e->knob[knob];
    experiment_knobs kn;
    experiment_resolve(e, &kn);
    if (kn.value[knob] > 0)
        return kn.value[knob];
    const variant_tunable *t = variants_knob(knob);
    return t->def > 0 ? t->def : t->min;
}

bool keys_apply(const key_binding *b, experiment *e, int max_threads)
{
    if (!b)
        return false;
    const experiment before = *e;
    const int nv = variants_count();
    const bool matmul = e->workload == WORKLOAD_MATMUL;
    switch (b->action) {
    case ACT_VARIANT_NEXT:
        e->variant = (e->variant + 1) % nv;
        break;
    case ACT_VARIANT_PREV:
        e->variant = (e->variant + nv - 1) % nv;
        break;
    case ACT_SIZE_UP:
    case ACT_SIZE_DOWN: {
        const int dir = b->action == ACT_SIZE_UP ? 1 : -1;
        if (matmul) {
            const int n = step(keys_sizes, keys_nsizes, e->n, dir);
            e->m = e->n = e->k = n;
        } else {
            e->batch = step(keys_batches, keys_nbatches, e->batch, dir);
        }
        break;
    }
    case ACT_KNOB_UP:
    case ACT_KNOB_DOWN: {
        const int limit = b->arg == variants_threads_knob() ? max_threads : 0;
        e->knob[b->arg] = variants_knob_step(b->arg, knob_now(e, b->arg),
                                             b->action == ACT_KNOB_UP ? 1 : -1, limit);
        break;
    }
    case ACT_WORKLOAD:
        e->workload = (workload_kind)((e->workload + 1) % WORKLOAD_COUNT);
        break;
    default:
        return false;
    }
    return !experiment_equal(&before, e);
}
