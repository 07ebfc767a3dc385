/* Simulated counters: where the PMU cannot count, valgrind's callgrind runs the kernel
 * through a model of this machine's caches (geometry from sysfs, never from valgrind's own
 * CPUID reading, which is nonsense in virtual machines). Counts are exact for the model
 * and deterministic for a given binary, input and geometry; they are a simulation, and
 * every face says so.
 *
 * This file holds what needs no process: the geometry valgrind accepts, the options that
 * pass it, the counts and the parser of callgrind's output. core/simulate.h runs it. */
#ifndef TTTOP_SIMULATED_H
#define TTTOP_SIMULATED_H

#include <stdbool.h>
#include <stddef.h>

#include "machine/hostinfo.h"

#define SIM_NOTE_MAX 160

/* One simulated cache. valgrind wants a power-of-two line (at least 16 bytes) and a
 * power-of-two number of sets. */
typedef struct sim_cache {
    size_t bytes;
    int ways;
    int line;
} sim_cache;

typedef struct sim_geometry {
    sim_cache i1, d1, ll;
    int ll_level;            /* the level LL stands for: 3, or 2 without an L3 */
    char note[SIM_NOTE_MAX]; /* what differs from the host's caches and why, or "" */
} sim_geometry;

/* One part of callgrind's output: its events by name (NAN where it has none). */
typedef struct callgrind_totals {
    double ir;         /* instructions */
    double dr, dw;     /* data reads, writes (L1D accesses) */
    double i1mr;       /* L1I misses */
    double d1mr, d1mw; /* L1D read, write misses */
    double ilmr;       /* LL misses of instruction fetches */
    double dlmr, dlmw; /* LL read, write misses of data */
    char trigger[64];  /* "Client Request: LABEL", "Program termination" */
} callgrind_totals;

/* Counts of one multiply, per repetition, from the simulation of bands of rows: rows
 * [0, small_rows) and rows [0, band_rows), each from cold caches; what the larger band adds
 * per row is the cost of a row, and the rest (packing, first touches) is paid once. */
typedef struct sim_counts {
    bool valid;
    double instructions;
    double l1d_reads, l1d_writes, l1d_accesses;
    double l1d_read_misses, l1d_write_misses, l1d_misses;
    double ll_accesses; /* L1 misses, instruction and data: what reaches LL */
    double ll_misses;   /* instruction and data */
    double flops;       /* 2mnk of the whole multiply */
    int rows;           /* m of the multiply */
    int band_rows;      /* rows 0 .. band_rows-1 simulated (rows when all were) */
    int small_rows;     /* the smaller band, 0 when the whole multiply was simulated */
    bool part_block;    /* the band is less than the variant's row block */
    int threads;        /* threads the simulation ran (1) */
    char isa[16];       /* the tile the variant took under valgrind, "" when it has none */
    char tool[16];      /* "callgrind" */
    sim_geometry geometry;
    double seconds; /* wall time of the simulation */
} sim_counts;

/* The caches valgrind simulates for this host: D1 and I1 from L1, LL from the last level,
 * each made valid for valgrind (nearest associativity that gives a power-of-two set
 * count, else the nearest power-of-two set count), with a note saying what changed. */
void sim_geometry_for(const hostinfo *h, sim_geometry *out);
/* "--I1=65536,16,64" ...: three options into bufs of len bytes each. */
void sim_geometry_options(const sim_geometry *g, char (*opts)[48]);
/* "D1 48K 12-way 64B, LL 480M 15-way": for a line on screen. */
void sim_geometry_describe(const sim_geometry *g, char *buf, size_t len);
/* 48K, 2M, 480M: a cache size as sysfs writes it. */
void sim_size_text(size_t bytes, char *buf, size_t len);

/* Parse one callgrind output file: 0, or -1 with a one-line reason in err (no "events:"
 * line, no totals, a count that is not a number). */
int callgrind_parse(const char *text, callgrind_totals *out, char *err, size_t errlen);
int callgrind_parse_file(const char *path, callgrind_totals *out, char *err, size_t errlen);

/* Whole-multiply counts from the small band's totals and the large band's (large NULL when
 * the small band was the whole multiply): small + (rows - small_rows) * per row, where a
 * row costs (large - small) / (large_rows - small_rows), never less than nothing. */
void sim_counts_combine(sim_counts *out, const callgrind_totals *small, int small_rows,
                        const callgrind_totals *large, int large_rows, int rows, double flops);

/* The full path of valgrind found on PATH into buf: 0, or -1 when it is not there. */
int sim_find_valgrind(char *buf, size_t len);
/* What the panel and the reports say when it is missing. */
#define SIM_NEED_VALGRIND "simulated counters need valgrind (apt-get install valgrind)"

#endif
