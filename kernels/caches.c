/* The cache geometry the core read from the machine, kept for the block-size model. */
#include "kernels.h"

#include <pthread.h>

#include "microkernel.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static kernel_caches current;
static bool set;

void kernel_set_caches(const kernel_caches *caches)
{
    pthread_mutex_lock(&lock);
    set = caches != NULL;
    if (caches)
        current = *caches;
    pthread_mutex_unlock(&lock);
}

/* A level of unknown size takes the fallback's size and ways; one of unknown ways, the
 * fallback's ways. */
static void fill(size_t *size, int *ways, size_t fallback_size, int fallback_ways)
{
    if (!*size) {
        *size = fallback_size;
        *ways = fallback_ways;
    } else if (*ways <= 0) {
        *ways = fallback_ways;
    }
}

void kernel_get_caches(kernel_caches *caches)
{
    const kernel_caches *f = mk_default_caches();
    pthread_mutex_lock(&lock);
    kernel_caches c = set ? current : *f;
    pthread_mutex_unlock(&lock);
    fill(&c.l1d, &c.l1d_ways, f->l1d, f->l1d_ways);
    fill(&c.l2, &c.l2_ways, f->l2, f->l2_ways);
    fill(&c.l3, &c.l3_ways, f->l3, f->l3_ways);
    if (c.line <= 0)
        c.line = f->line;
    *caches = c;
}
