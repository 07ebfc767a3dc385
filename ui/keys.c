#include "keys.h"

#include <curses.h>

const int keys_sizes[] = {64, 100, 128, 200, 256, 500, 512, 1000, 1024, 1500, 2000, 3000, 4000};
const int keys_nsizes = (int)(sizeof keys_sizes / sizeof keys_sizes[0]);
const int keys_batches[] = {1, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};
const int keys_nbatches = (int)(sizeof keys_batches / sizeof keys_batches[0]);
const int keys_blocks[] = {8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512};
const int keys_nblocks = (int)(sizeof keys_blocks / sizeof keys_blocks[0]);

#define CTRL(c) ((c)&0x1f)

static const key_binding table[] = {
    {'v', ACT_VARIANT_NEXT, "v", "next matmul variant (the ladder upwards)"},
    {KEY_RIGHT, ACT_VARIANT_NEXT, "Right", "next variant"},
    {'V', ACT_VARIANT_PREV, "V", "previous variant"},
    {KEY_LEFT, ACT_VARIANT_PREV, "Left", "previous variant"},
    {'+', ACT_SIZE_UP, "+", "matrix size up (batch size in net/train)"},
    {'=', ACT_SIZE_UP, "=", "same as +"},
    {KEY_UP, ACT_SIZE_UP, "Up", "size up"},
    {'k', ACT_SIZE_UP, "k", "size up"},
    {'-', ACT_SIZE_DOWN, "-", "matrix size down (batch size in net/train)"},
    {KEY_DOWN, ACT_SIZE_DOWN, "Down", "size down"},
    {'j', ACT_SIZE_DOWN, "j", "size down"},
    {'b', ACT_BLOCK_UP, "b", "block size up (blocked, packed)"},
    {'B', ACT_BLOCK_DOWN, "B", "block size down"},
    {'t', ACT_THREADS_UP, "t", "threads up (microkernel, openblas)"},
    {'T', ACT_THREADS_DOWN, "T", "threads down"},
    {'w', ACT_WORKLOAD, "w", "workload: matmul -> net -> train"},
    {' ', ACT_PAUSE, "Space", "pause / resume measuring"},
    {'p', ACT_PAUSE, "p", "pause / resume"},
    {'r', ACT_RESET, "r", "reset statistics and history"},
    {'s', ACT_SWEEP, "s", "sweep: measure every variant at this setting"},
    {'e', ACT_EXPORT, "e", "export the results to a JSON file"},
    {'?', ACT_HELP, "?", "this help"},
    {'h', ACT_HELP, "h", "this help"},
    {KEY_F(1), ACT_HELP, "F1", "this help"},
    {'q', ACT_QUIT, "q", "quit"},
    {KEY_F(10), ACT_QUIT, "F10", "quit"},
    {CTRL('l'), ACT_REDRAW, "Ctrl-L", "redraw the screen"},
};

const key_binding *keys_table(int *count)
{
    *count = (int)(sizeof table / sizeof table[0]);
    return table;
}

key_action keys_action(int key)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].key == key)
            return table[i].action;
    return ACT_NONE;
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

bool keys_apply(key_action a, experiment *e, int max_threads)
{
    const experiment before = *e;
    const int nk = kernel_count();
    const bool matmul = e->workload == WORKLOAD_MATMUL;
    switch (a) {
    case ACT_VARIANT_NEXT:
        e->variant = (e->variant + 1) % nk;
        break;
    case ACT_VARIANT_PREV:
        e->variant = (e->variant + nk - 1) % nk;
        break;
    case ACT_SIZE_UP:
    case ACT_SIZE_DOWN: {
        int dir = a == ACT_SIZE_UP ? 1 : -1;
        if (matmul) {
            int n = step(keys_sizes, keys_nsizes, e->n, dir);
            e->m = e->n = e->k = n;
        } else {
            e->batch = step(keys_batches, keys_nbatches, e->batch, dir);
        }
        break;
    }
    case ACT_BLOCK_UP:
    case ACT_BLOCK_DOWN: {
        int cur = e->tun.block > 0 ? e->tun.block : KERNEL_DEFAULT_BLOCK;
        e->tun.block = step(keys_blocks, keys_nblocks, cur, a == ACT_BLOCK_UP ? 1 : -1);
        break;
    }
    case ACT_THREADS_UP:
        if (e->tun.threads < max_threads)
            e->tun.threads = (e->tun.threads > 0 ? e->tun.threads : 1) + 1;
        break;
    case ACT_THREADS_DOWN:
        if (e->tun.threads > 1)
            e->tun.threads--;
        break;
    case ACT_WORKLOAD:
        e->workload = (workload_kind)((e->workload + 1) % WORKLOAD_COUNT);
        break;
    default:
        return false;
    }
    return !experiment_same_run(&before, e) || before.workload != e->workload;
}
