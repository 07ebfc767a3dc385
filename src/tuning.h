/* Block sizes found best on this machine by `tttop tune`, saved per machine in
 * tuning.ini in the config directory, and used by bench and the dashboard unless told
 * otherwise. */
#ifndef TTTOP_TUNING_H
#define TTTOP_TUNING_H

#include <stdbool.h>
#include <stddef.h>

#include "experiment.h"

typedef struct tuning {
    int blocked_block; /* 0 = not tuned */
    int packed_block;
    int mc, kc, nc;
} tuning;

/* The candidates `tttop tune` tries (the tests check every one against OpenBLAS). */
extern const int tuning_block_candidates[9];
extern const int tuning_mc_candidates[5];
extern const int tuning_kc_candidates[5];
extern const int tuning_nc_candidates[3];
#define TUNING_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* "AMD EPYC 9B45, 2 cpus": the section name, so one file serves several machines. */
void tuning_machine_key(char *buf, size_t len);
/* 0 with t filled (zeros where not tuned), or -1 with a one-line message (a broken file). A
 * missing file is not an error. path NULL = the default file. */
int tuning_load(const char *path, tuning *t, char *err, size_t errlen);
/* Replace this machine's section, keep the others; written atomically. */
int tuning_save(const char *path, const tuning *t, char *err, size_t errlen);
/* Use t's block size for e's variant (unless block_given) and t's mc/kc/nc where e has 0. */
void tuning_apply(const tuning *t, experiment *e, bool block_given);

#endif
