/* The ladder, in order. Each variant describes itself in its own file; adding one is that
 * file and one line in KERNEL_LADDER. */
#include "kernels.h"

#include <stddef.h>
#include <string.h>

#include "tunables.h"

#define KERNEL_LADDER(X)                                                                           \
    X(naive)                                                                                       \
    X(reordered)                                                                                   \
    X(blocked)                                                                                     \
    X(packed)                                                                                      \
    X(microkernel)                                                                                 \
    X(openblas)

#define DECLARE(name) extern const kernel_info kernel_variant_##name;
KERNEL_LADDER(DECLARE)
#define ENTRY(name) &kernel_variant_##name,
static const kernel_info *const registry[] = {KERNEL_LADDER(ENTRY)};

int kernel_count(void)
{
    return (int)(sizeof registry / sizeof registry[0]);
}

const kernel_info *kernel_at(int index)
{
    return index >= 0 && index < kernel_count() ? registry[index] : NULL;
}

int kernel_index(const char *name)
{
    for (int i = 0; name && i < kernel_count(); i++)
        if (strcmp(registry[i]->name, name) == 0)
            return i;
    return -1;
}

const kernel_info *kernel_find(const char *name)
{
    return kernel_at(kernel_index(name));
}

int kernel_index_of_role(kernel_role role)
{
    for (int i = 0; i < kernel_count(); i++)
        if (registry[i]->role == role)
            return i;
    return -1;
}

int kernel_first_shown(void)
{
    for (int i = 0; i < kernel_count(); i++)
        if (registry[i]->first_shown)
            return i;
    return 0;
}

const kernel_tunable *kernel_tunable_of(const kernel_info *info, kernel_knob knob)
{
    for (int i = 0; info && info->tunables && info->tunables[i]; i++)
        if (info->tunables[i]->knob == knob)
            return info->tunables[i];
    return NULL;
}

bool kernel_uses(const kernel_info *info, kernel_knob knob)
{
    return kernel_tunable_of(info, knob) != NULL;
}

const kernel_tunable *kernel_knob_info(kernel_knob knob)
{
    for (int i = 0; i < kernel_count(); i++) {
        const kernel_tunable *t = kernel_tunable_of(registry[i], knob);
        if (t)
            return t;
    }
    return NULL;
}

static int *knob_field(kernel_tunables *tun, kernel_knob knob)
{
    switch (knob) {
    case KERNEL_KNOB_BLOCK:
        return &tun->block;
    case KERNEL_KNOB_THREADS:
        return &tun->threads;
    case KERNEL_KNOB_MC:
        return &tun->mc;
    case KERNEL_KNOB_KC:
        return &tun->kc;
    case KERNEL_KNOB_NC:
        return &tun->nc;
    default:
        return NULL;
    }
}

int kernel_tunables_get(const kernel_tunables *tun, kernel_knob knob)
{
    int *field = knob_field((kernel_tunables *)tun, knob);
    return field ? *field : 0;
}

void kernel_tunables_set(kernel_tunables *tun, kernel_knob knob, int value)
{
    int *field = knob_field(tun, knob);
    if (field)
        *field = value;
}

void kernel_effective(const kernel_info *info, int m, int n, int k, kernel_tunables *tun)
{
    for (int knob = 0; knob < KERNEL_KNOB_COUNT; knob++) {
        const kernel_tunable *t = kernel_tunable_of(info, (kernel_knob)knob);
        int v = kernel_tunables_get(tun, (kernel_knob)knob);
        if (!t)
            v = 0;
        else if (v <= 0)
            v = t->def;
        kernel_tunables_set(tun, (kernel_knob)knob, v);
    }
    if (info->choose)
        info->choose(m, n, k, tun);
    if (!kernel_uses(info, KERNEL_KNOB_THREADS))
        tun->threads = 1;
}

size_t kernel_workspace(const kernel_info *info, int m, int n, int k, const kernel_tunables *tun)
{
    return info->workspace ? info->workspace(m, n, k, tun) : 0;
}

int kernel_threads_used(const kernel_info *info, const kernel_tunables *tun)
{
    if (!kernel_uses(info, KERNEL_KNOB_THREADS))
        return 1;
    return tun && tun->threads > 0 ? tun->threads : 1;
}

void kernel_release(const kernel_info *info, const kernel_tunables *tun)
{
    if (info->lingers && info->release && info->lingers(tun))
        info->release();
}

static const char *const isa_names[] = {
    [KERNEL_ISA_AUTO] = "auto",
    [KERNEL_ISA_GENERIC] = "generic",
    [KERNEL_ISA_AVX2] = "avx2",
    [KERNEL_ISA_AVX512] = "avx512",
};

int kernel_isa_parse(const char *name)
{
    for (int i = 0; i < (int)(sizeof isa_names / sizeof isa_names[0]); i++)
        if (strcmp(isa_names[i], name) == 0)
            return i;
    return -1;
}

const char *kernel_isa_name(int isa)
{
    return isa >= 0 && isa < (int)(sizeof isa_names / sizeof isa_names[0]) ? isa_names[isa] : "?";
}
