#include "machine/hostinfo.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *openblas_get_corename(void);
char *openblas_get_config(void);

static hostinfo info;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The value after "key<spaces>:" on the first matching line of /proc/cpuinfo. */
static bool cpuinfo_field(const char *key, char *out, size_t len)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return false;
    char line[4096];
    bool found = false;
    size_t klen = strlen(key);
    while (!found && fgets(line, sizeof line, f)) {
        if (strncmp(line, key, klen) != 0 || !strchr(line, ':'))
            continue;
        const char *v = strchr(line, ':') + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        snprintf(out, len, "%s", v);
        out[strcspn(out, "\n")] = '\0';
        found = true;
    }
    fclose(f);
    return found;
}

static long read_long(const char *path, long fallback)
{
    FILE *f = fopen(path, "r");
    long v = fallback;
    if (f) {
        if (fscanf(f, "%ld", &v) != 1)
            v = fallback;
        fclose(f);
    }
    return v;
}

/* "48K", "1024K", "32M" from /sys cache descriptions. */
static size_t cache_size(int index)
{
    char path[128], text[32];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", index);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t bytes = 0;
    if (fgets(text, sizeof text, f)) {
        char *end;
        unsigned long v = strtoul(text, &end, 10);
        bytes = *end == 'K' ? v << 10 : *end == 'M' ? v << 20 : v;
    }
    fclose(f);
    return bytes;
}

/* Size, associativity, line and sets of cache index i. */
static host_cache cache_geometry(int index)
{
    char path[128];
    host_cache c = {.bytes = cache_size(index)};
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/ways_of_associativity",
             index);
    c.ways = (int)read_long(path, 0);
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/coherency_line_size",
             index);
    c.line = (int)read_long(path, 0);
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/number_of_sets", index);
    c.sets = (int)read_long(path, 0);
    return c;
}

static void read_caches(hostinfo *h)
{
    for (int i = 0; i < 8; i++) {
        char path[128], type[32] = "";
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
        FILE *f = fopen(path, "r");
        if (!f)
            break;
        if (!fgets(type, sizeof type, f))
            type[0] = '\0';
        fclose(f);
        long level = 0;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
        level = read_long(path, 0);
        const host_cache c = cache_geometry(i);
        if (level == 1 && strncmp(type, "Data", 4) == 0)
            h->l1d = c;
        else if (level == 1 && strncmp(type, "Instruction", 11) == 0)
            h->l1i = c;
        else if (level == 2)
            h->l2 = c;
        else if (level == 3)
            h->l3 = c;
    }
    h->l1d_bytes = h->l1d.bytes;
    h->l2_bytes = h->l2.bytes;
    h->l3_bytes = h->l3.bytes;
    if (!h->l1d_bytes) {
        long v = sysconf(_SC_LEVEL1_DCACHE_SIZE);
        h->l1d_bytes = v > 0 ? (size_t)v : 0;
    }
    long line = read_long("/sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size", 0);
    if (line <= 0)
        line = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);
    h->line_bytes = line > 0 ? (size_t)line : 0;
}

static void read_simd(hostinfo *h)
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        h->simd = "avx512";
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        h->simd = "avx2+fma";
    else if (__builtin_cpu_supports("avx"))
        h->simd = "avx";
    else
        h->simd = "sse2";
}

/* The model name without trademarks, "CPU", "Processor" and the nominal clock. */
static void shorten_model(const char *model, char *out, size_t len)
{
    static const char *const noise[] = {"(R)", "(r)",       "(TM)",      "(tm)",
                                        "CPU", "Processor", "processor", "Core(TM)"};
    char buf[128];
    snprintf(buf, sizeof buf, "%.127s", model);
    char *at = strchr(buf, '@');
    if (at)
        *at = '\0';
    for (size_t i = 0; i < sizeof noise / sizeof noise[0]; i++) {
        char *p;
        const size_t n = strlen(noise[i]);
        while ((p = strstr(buf, noise[i])))
            memmove(p, p + n, strlen(p + n) + 1);
    }
    /* collapse spaces */
    size_t w = 0;
    for (size_t r = 0; buf[r]; r++)
        if (buf[r] != ' ' || (w > 0 && buf[w - 1] != ' '))
            buf[w++] = buf[r];
    while (w > 0 && buf[w - 1] == ' ')
        w--;
    buf[w] = '\0';
    snprintf(out, len, "%.63s", buf[0] ? buf : model);
}

static void read_all(void)
{
    hostinfo *h = &info;
    if (!cpuinfo_field("model name", h->cpu_model, sizeof h->cpu_model))
        snprintf(h->cpu_model, sizeof h->cpu_model, "unknown cpu");
    shorten_model(h->cpu_model, h->cpu_short, sizeof h->cpu_short);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    h->cores = cores > 0 ? (int)cores : 1;
    read_caches(h);
    long khz = read_long("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", 0);
    if (khz > 0) {
        h->mhz = khz / 1000.0;
    } else {
        char mhz[64];
        if (cpuinfo_field("cpu MHz", mhz, sizeof mhz))
            h->mhz = atof(mhz);
    }
    read_simd(h);
    char flags[8192];
    h->virtualized = cpuinfo_field("flags", flags, sizeof flags) && strstr(flags, " hypervisor");
    h->perf_event_paranoid = (int)read_long("/proc/sys/kernel/perf_event_paranoid", -100);
    h->pmu_visible = access("/sys/bus/event_source/devices/cpu", F_OK) == 0 ||
                     access("/sys/bus/event_source/devices/cpu_core", F_OK) == 0 ||
                     access("/sys/bus/event_source/devices/cpu_atom", F_OK) == 0;
    const char *core = openblas_get_corename();
    const char *config = openblas_get_config();
    snprintf(h->blas_core, sizeof h->blas_core, "%s", core ? core : "?");
    snprintf(h->blas_config, sizeof h->blas_config, "%s", config ? config : "?");
}

const hostinfo *hostinfo_get(void)
{
    pthread_once(&once, read_all);
    return &info;
}
