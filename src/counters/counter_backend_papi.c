/* Event sets that mix PAPI events and the kernel's software events. A set is a slot in a
 * small table: its PAPI event set (for PMU events) and its perf_event descriptors (for
 * software events), with the order in which events were added. */
#include "counters/counter_backend.h"

#include <linux/perf_event.h>
#include <papi.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MAX_SETS 64
#define MAX_EVENTS 32

typedef struct mixed_set {
    bool used;
    int papi_set; /* PAPI_NULL until a PAPI event is added */
    int npapi;
    int nfds;
    int fds[MAX_EVENTS];
    bool from_fd[MAX_EVENTS]; /* per event, in add order */
    int count;
} mixed_set;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_status;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static mixed_set sets[MAX_SETS];

static void init_once(void)
{
    int v = PAPI_library_init(PAPI_VER_CURRENT);
    if (v != PAPI_VER_CURRENT) {
        init_status = v < 0 ? v : PAPI_EINVAL;
        return;
    }
    init_status = PAPI_thread_init(pthread_self);
}

static int mixed_init(void)
{
    pthread_once(&once, init_once);
    return init_status;
}

static mixed_set *lookup(int set)
{
    return set >= 0 && set < MAX_SETS && sets[set].used ? &sets[set] : NULL;
}

static int mixed_create(int *set)
{
    pthread_mutex_lock(&table_lock);
    int found = -1;
    for (int i = 0; i < MAX_SETS && found < 0; i++)
        if (!sets[i].used)
            found = i;
    if (found >= 0)
        sets[found] = (mixed_set){.used = true, .papi_set = PAPI_NULL};
    pthread_mutex_unlock(&table_lock);
    *set = found;
    return found >= 0 ? PAPI_OK : PAPI_ENOMEM;
}

/* A misspelt preset or a name libpfm4 cannot parse. With PAPI's perf_event component
 * disabled every add fails, and only this tells a typo from a real event; native names
 * of an unknown PMU still resolve to ENOEVNT and stay "not countable". */
static bool name_unknown(const char *name)
{
    int code = 0;
    int rc = PAPI_event_name_to_code(name, &code);
    return rc != PAPI_OK && rc != PAPI_ENOEVNT;
}

static int mixed_add(int set, const char *name)
{
    mixed_set *s = lookup(set);
    if (!s || s->count == MAX_EVENTS)
        return PAPI_EINVAL;
    if (perf_software_known(name)) {
        int fd = perf_software_open(name);
        if (fd < 0)
            return fd;
        s->fds[s->nfds++] = fd;
        s->from_fd[s->count++] = true;
        return PAPI_OK;
    }
    if (init_status != PAPI_OK)
        return init_status;
    int rc = PAPI_OK;
    if (s->papi_set == PAPI_NULL)
        rc = PAPI_create_eventset(&s->papi_set);
    if (rc == PAPI_OK)
        rc = PAPI_add_named_event(s->papi_set, name);
    if (rc != PAPI_OK)
        return name_unknown(name) ? PAPI_ENOTPRESET : rc;
    s->npapi++;
    s->from_fd[s->count++] = false;
    return PAPI_OK;
}

static void fds_ioctl(const mixed_set *s, unsigned long request)
{
    for (int i = 0; i < s->nfds; i++)
        ioctl(s->fds[i], request, 0);
}

static int mixed_start(int set)
{
    mixed_set *s = lookup(set);
    if (!s)
        return PAPI_EINVAL;
    if (s->npapi > 0) {
        int rc = PAPI_start(s->papi_set);
        if (rc != PAPI_OK)
            return rc;
    }
    fds_ioctl(s, PERF_EVENT_IOC_RESET);
    fds_ioctl(s, PERF_EVENT_IOC_ENABLE);
    return PAPI_OK;
}

/* Merge PAPI's values and the descriptors' counts back into add order. */
static int collect(const mixed_set *s, const long long *papi_values, long long *values)
{
    int p = 0, f = 0;
    for (int i = 0; i < s->count; i++) {
        if (!s->from_fd[i]) {
            values[i] = papi_values[p++];
            continue;
        }
        uint64_t v = 0;
        if (read(s->fds[f++], &v, sizeof v) != (ssize_t)sizeof v)
            return PAPI_ESYS;
        values[i] = (long long)v;
    }
    return PAPI_OK;
}

static int mixed_read(int set, long long *values)
{
    mixed_set *s = lookup(set);
    long long papi_values[MAX_EVENTS] = {0};
    if (!s)
        return PAPI_EINVAL;
    if (s->npapi > 0) {
        int rc = PAPI_read(s->papi_set, papi_values);
        if (rc != PAPI_OK)
            return rc;
    }
    return collect(s, papi_values, values);
}

static int mixed_stop(int set, long long *values)
{
    mixed_set *s = lookup(set);
    long long papi_values[MAX_EVENTS] = {0};
    if (!s)
        return PAPI_EINVAL;
    fds_ioctl(s, PERF_EVENT_IOC_DISABLE);
    if (s->npapi > 0) {
        int rc = PAPI_stop(s->papi_set, papi_values);
        if (rc != PAPI_OK)
            return rc;
    }
    return collect(s, papi_values, values);
}

static void mixed_destroy(int set)
{
    mixed_set *s = lookup(set);
    if (!s)
        return;
    if (s->papi_set != PAPI_NULL) {
        int state = 0;
        long long scratch[MAX_EVENTS];
        if (PAPI_state(s->papi_set, &state) == PAPI_OK && (state & PAPI_RUNNING))
            PAPI_stop(s->papi_set, scratch);
        PAPI_cleanup_eventset(s->papi_set);
        PAPI_destroy_eventset(&s->papi_set);
    }
    for (int i = 0; i < s->nfds; i++)
        close(s->fds[i]);
    pthread_mutex_lock(&table_lock);
    s->used = false;
    pthread_mutex_unlock(&table_lock);
}

static const char *mixed_strerror(int code)
{
    const char *s = PAPI_strerror(code);
    return s ? s : "unknown PAPI error";
}

static const char *mixed_disabled_reason(void)
{
    if (mixed_init() != PAPI_OK)
        return "PAPI could not be initialised";
    int cidx = PAPI_get_component_index("perf_event");
    const PAPI_component_info_t *info = cidx >= 0 ? PAPI_get_component_info(cidx) : NULL;
    if (!info)
        return "PAPI has no perf_event component";
    return info->disabled ? info->disabled_reason : NULL;
}

const counter_backend counter_backend_papi = {
    .init = mixed_init,
    .create = mixed_create,
    .add = mixed_add,
    .start = mixed_start,
    .read = mixed_read,
    .stop = mixed_stop,
    .destroy = mixed_destroy,
    .strerror = mixed_strerror,
    .disabled_reason = mixed_disabled_reason,
};
