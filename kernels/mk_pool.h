/* A persistent team of worker threads for the microkernel: started on first use, asleep
 * between calls, stopped by mk_pool_stop() or at exit. */
#ifndef TTTOP_MK_POOL_H
#define TTTOP_MK_POOL_H

#include <stdatomic.h>
#include <stdbool.h>

/* Every member waits until all have arrived; the call returns true in every member when
 * any of them voted true at this barrier, so that a team agrees on when to stop. */
typedef struct mk_barrier {
    atomic_int arrived;
    atomic_int phase;
    atomic_bool vote;
    atomic_bool verdict;
    int size;
} mk_barrier;

void mk_barrier_init(mk_barrier *b, int size);
bool mk_barrier_wait(mk_barrier *b, bool vote);

typedef struct mk_member {
    int id, count; /* 0 <= id < count; the caller of mk_pool_run is member 0 */
    mk_barrier *barrier;
} mk_member;

typedef void (*mk_task)(void *arg, const mk_member *self);

/* Runs task once on each member of a team of up to `threads`, the caller included, and
 * returns the team's size once every member has returned. The team is smaller when
 * workers cannot be started. One team at a time: concurrent callers wait their turn. */
int mk_pool_run(int threads, mk_task task, void *arg);

/* Joins the idle workers; the next mk_pool_run starts new ones. */
void mk_pool_stop(void);

#endif
