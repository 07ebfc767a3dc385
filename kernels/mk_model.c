/* Block sizes from the cache hierarchy, after Low, Igual, Smith and Quintana-Orti,
 * "Analytical modeling is enough for high-performance BLIS" (ACM TOMS 43(2), 2016), in the
 * paper's terms: an MR x NR micro-tile, MR x KC micro-panels of A streaming through L1 from
 * an MC x KC block in L2, a KC x NR micro-panel of B kept in L1, a KC x NC panel in L3.
 *
 * A cache of W ways holds W "columns" of (size / W) bytes each; contiguous data of B bytes
 * fills ceil(B / way) of them whatever its address. Under LRU, data touched again and again
 * survives as long as the data streaming past it fits in the remaining ways.
 *
 *   KC (L1): the micro-panel of B is reused by every micro-panel of A that streams past it.
 *     With C_A ways for A and C_B = (NR / MR) * C_A for B, one way kept for the next A
 *     micro-panel and the lines of C:
 *         C_A = floor((W1 - 1) / (1 + NR / MR)),   KC = C_A * way1 / (MR * 8).
 *   MC (L2): the block of A stays while micro-panels of B stream through:
 *         C_B2 = ceil(KC * NR * 8 / way2),   C_A2 = floor((W2 - 1 - C_B2) / 2),
 *         MC = C_A2 * way2 / (KC * 8).
 *     The paper gives the block all W2 - 1 - C_B2 ways. Measured on a 2 MiB 16-way L2, the
 *     block stops being reused past about half of them (the L2 does not replace in LRU
 *     order, and the panel in L3 and the rows of C stream through the same ways), so the
 *     block takes half: the slower side of that cliff costs 10% at n = 2000.
 *   NC (L3): the panel of B stays while blocks of A stream through:
 *         C_A3 = ceil(MC * KC * 8 / way3),   NC = (W3 - 1 - C_A3) * way3 / (KC * 8).
 * MC and NC are rounded down to multiples of MR and NR, and all three are kept within
 * bounds that limit the packing buffers on machines reporting huge caches. */
#include "microkernel.h"

static const kernel_caches fallback = {
    .l1d = 32 << 10,
    .l2 = 1 << 20,
    .l3 = 32 << 20,
    .l1d_ways = 8,
    .l2_ways = 16,
    .l3_ways = 16,
    .line = 64,
};

typedef struct cache_level {
    long ways, way_bytes;
} cache_level;

/* A level's ways and bytes per way (sets x line); unknown values take the fallback's. */
static cache_level level_of(size_t size, int ways, size_t fallback_size, int fallback_ways,
                            int line)
{
    if (!size) {
        size = fallback_size;
        ways = fallback_ways;
    }
    const long w = ways > 0 ? ways : fallback_ways, l = line > 0 ? line : fallback.line;
    const long way_bytes = (long)(size / (size_t)(w * l)) * l;
    return (cache_level){.ways = w, .way_bytes = way_bytes > 0 ? way_bytes : l};
}

static long ceil_div(long x, long y)
{
    return (x + y - 1) / y;
}

static long round_down(long x, long to)
{
    return x / to * to;
}

static long clamp(long x, long lo, long hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

void mk_model_blocks(const kernel_caches *caches, int mr, int nr, int *mc, int *kc, int *nc)
{
    const kernel_caches *c = caches ? caches : &fallback;
    const long s = (long)sizeof(double);
    const cache_level l1 = level_of(c->l1d, c->l1d_ways, fallback.l1d, fallback.l1d_ways, c->line);
    const cache_level l2 = level_of(c->l2, c->l2_ways, fallback.l2, fallback.l2_ways, c->line);
    const cache_level l3 = level_of(c->l3, c->l3_ways, fallback.l3, fallback.l3_ways, c->line);

    /* C_A = floor((W1 - 1) / (1 + NR / MR)), in integers */
    const long ways_a1 = clamp((l1.ways - 1) * mr / (mr + nr), 1, l1.ways);
    const long k = clamp(ways_a1 * l1.way_bytes / (mr * s), 1, MK_MAX_KC);

    const long ways_b2 = ceil_div(k * nr * s, l2.way_bytes);
    const long ways_a2 = (l2.ways - 1 - ways_b2) / 2;
    const long m = round_down(clamp(ways_a2 * l2.way_bytes / (k * s), mr, MK_MAX_MC), mr);

    const long ways_a3 = ceil_div(m * k * s, l3.way_bytes);
    const long n =
        round_down(clamp((l3.ways - 1 - ways_a3) * l3.way_bytes / (k * s), nr, MK_MAX_NC), nr);

    *mc = (int)m;
    *kc = (int)k;
    *nc = (int)n;
}

const kernel_caches *mk_default_caches(void)
{
    return &fallback;
}
