/* The microkernel's worker threads. Creating threads on every call costs tens of
 * microseconds, as much as a whole small matmul, so workers persist between calls: they
 * spin a few tens of microseconds for the next call, then sleep on a condition variable
 * (a pool that keeps spinning steals, on a 2-core machine, the core the dashboard draws
 * with). */
#include "mk_pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "kernels.h"

/* Spins before a barrier waiter starts yielding its core: long enough for a member that
 * is a little late, short enough not to starve one that shares the core. */
#define BARRIER_SPINS 256
/* Spins (tens of microseconds) before an idle worker, or a caller waiting for its team, goes
 * to sleep: calls often come back to back, and a wake-up through the scheduler costs as
 * much as a small matmul. */
#define IDLE_SPINS 2000

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

void mk_barrier_init(mk_barrier *b, int size)
{
    atomic_init(&b->arrived, 0);
    atomic_init(&b->phase, 0);
    atomic_init(&b->vote, false);
    atomic_init(&b->verdict, false);
    b->size = size;
}

bool mk_barrier_wait(mk_barrier *b, bool vote)
{
    if (b->size <= 1)
        return vote;
    const int phase = atomic_load_explicit(&b->phase, memory_order_acquire);
    if (vote)
        atomic_store_explicit(&b->vote, true, memory_order_relaxed);
    if (atomic_fetch_add_explicit(&b->arrived, 1, memory_order_acq_rel) == b->size - 1) {
        /* last in: publish the verdict, reset for the next phase, release the others */
        bool any = atomic_exchange_explicit(&b->vote, false, memory_order_relaxed);
        atomic_store_explicit(&b->verdict, any, memory_order_relaxed);
        atomic_store_explicit(&b->arrived, 0, memory_order_relaxed);
        atomic_store_explicit(&b->phase, phase + 1, memory_order_release);
    } else {
        for (int spins = 0; atomic_load_explicit(&b->phase, memory_order_acquire) == phase;
             spins++) {
            if (spins < BARRIER_SPINS)
                cpu_relax();
            else
                sched_yield();
        }
    }
    /* overwritten only when every member, this one included, reaches the next barrier */
    return atomic_load_explicit(&b->verdict, memory_order_relaxed);
}

static struct {
    pthread_mutex_t turn; /* held by the caller whose team is running */
    pthread_mutex_t lock; /* guards what follows */
    pthread_cond_t wake, finished;
    pthread_t tids[KERNEL_MAX_THREADS];
    unsigned long born[KERNEL_MAX_THREADS]; /* generation when each worker was started */
    int workers;                            /* started, with ids 1..workers */
    atomic_ulong generation;                /* bumped for each run */
    atomic_int pending;                     /* workers still running */
    int count;                              /* team size */
    bool quit, atexit_set;
    mk_task task;
    void *arg;
    mk_barrier barrier;
} pool = {
    .turn = PTHREAD_MUTEX_INITIALIZER,
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .finished = PTHREAD_COND_INITIALIZER,
};

static void *worker_main(void *arg)
{
    const int id = (int)(long)arg;
    pthread_mutex_lock(&pool.lock);
    unsigned long seen = pool.born[id];
    for (;;) {
        while (!pool.quit && atomic_load(&pool.generation) == seen)
            pthread_cond_wait(&pool.wake, &pool.lock);
        if (pool.quit)
            break;
        seen = atomic_load(&pool.generation);
        if (id >= pool.count)
            continue;
        const mk_member self = {.id = id, .count = pool.count, .barrier = &pool.barrier};
        mk_task task = pool.task;
        void *task_arg = pool.arg;
        pthread_mutex_unlock(&pool.lock);
        task(task_arg, &self);
        pthread_mutex_lock(&pool.lock);
        if (atomic_fetch_sub(&pool.pending, 1) == 1)
            pthread_cond_signal(&pool.finished);
        pthread_mutex_unlock(&pool.lock);
        for (int spins = 0; spins < IDLE_SPINS && atomic_load(&pool.generation) == seen; spins++)
            cpu_relax();
        pthread_mutex_lock(&pool.lock);
    }
    pthread_mutex_unlock(&pool.lock);
    return NULL;
}

/* Called with pool.lock held. */
static void join_workers(void)
{
    pool.quit = true;
    pthread_cond_broadcast(&pool.wake);
    const int workers = pool.workers;
    pthread_mutex_unlock(&pool.lock);
    for (int i = 0; i < workers; i++)
        pthread_join(pool.tids[i], NULL);
    pthread_mutex_lock(&pool.lock);
    pool.workers = 0;
    pool.quit = false;
}

void mk_pool_stop(void)
{
    pthread_mutex_lock(&pool.turn);
    pthread_mutex_lock(&pool.lock);
    join_workers();
    pthread_mutex_unlock(&pool.lock);
    pthread_mutex_unlock(&pool.turn);
}

/* At exit, a team still running in another thread is left alone: its process is ending. */
static void stop_at_exit(void)
{
    if (pthread_mutex_trylock(&pool.turn) != 0)
        return;
    pthread_mutex_lock(&pool.lock);
    join_workers();
    pthread_mutex_unlock(&pool.lock);
    pthread_mutex_unlock(&pool.turn);
}

/* Called with pool.lock held; returns how many workers exist afterwards. */
static int start_workers(int want)
{
    if (!pool.atexit_set && atexit(stop_at_exit) == 0)
        pool.atexit_set = true;
    while (pool.workers < want) {
        pthread_t tid;
        pool.born[pool.workers + 1] = atomic_load(&pool.generation);
        /* the worker's number travels in the pointer argument */
        // NOLINTNEXTLINE(performance-no-int-to-ptr)
        if (pthread_create(&tid, NULL, worker_main, (void *)(long)(pool.workers + 1)) != 0)
            break;
        pool.tids[pool.workers++] = tid;
    }
    return pool.workers;
}

int mk_pool_run(int threads, mk_task task, void *arg)
{
    if (threads > KERNEL_MAX_THREADS)
        threads = KERNEL_MAX_THREADS;
    pthread_mutex_lock(&pool.turn);
    int count = 1;
    if (threads > 1) {
        pthread_mutex_lock(&pool.lock);
        const int workers = start_workers(threads - 1);
        count = workers + 1 < threads ? workers + 1 : threads;
        if (count > 1) {
            mk_barrier_init(&pool.barrier, count);
            pool.task = task;
            pool.arg = arg;
            pool.count = count;
            atomic_store(&pool.pending, count - 1);
            atomic_fetch_add(&pool.generation, 1);
            pthread_cond_broadcast(&pool.wake);
        }
        pthread_mutex_unlock(&pool.lock);
    }
    mk_barrier alone;
    mk_barrier_init(&alone, 1);
    task(arg, &(mk_member){.id = 0, .count = count, .barrier = count > 1 ? &pool.barrier : &alone});
    if (count > 1) {
        for (int spins = 0; spins < IDLE_SPINS && atomic_load(&pool.pending) > 0; spins++)
            cpu_relax();
        pthread_mutex_lock(&pool.lock);
        while (atomic_load(&pool.pending) > 0)
            pthread_cond_wait(&pool.finished, &pool.lock);
        pthread_mutex_unlock(&pool.lock);
    }
    pthread_mutex_unlock(&pool.turn);
    return count;
}
