/* --record: one JSON line per sample, appended as the face receives them. A line is
 * written whole or not at all; the first failure stops the recording with a message. */
#ifndef TTTOP_RECORD_H
#define TTTOP_RECORD_H

#include <stddef.h>

#include "report/report.h"

typedef struct record record;

/* Opens (creating, appending) without blocking on a FIFO that has no reader. NULL with a
 * one-line message in err. */
record *record_open(const char *path, char *err, size_t errlen);
/* 0, or -1 with a message: the file is left ending in its last whole line, and every later
 * call does nothing and returns -1. */
int record_write(record *rec, const result_row *row, const report_counters *c, char *err,
                 size_t errlen);
void record_close(record *rec);

#endif
