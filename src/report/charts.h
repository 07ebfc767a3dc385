/* The report's charts as PNG files, drawn by gnuplot (Debian's gnuplot-nox) as a child
 * process from a data file and a script in a temporary directory, then put beside the
 * Markdown by the rules of atomic_file.h: the ladder as bars, GFLOP/s against size, and the
 * roofline with the measured points. Where gnuplot is missing or fails, the report still
 * gets written and says why there are no charts. */
#ifndef TTTOP_CHARTS_H
#define TTTOP_CHARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "report/report_markdown.h"

/* Draws the charts of doc's runs into paths[c] (a chart with no data is skipped) and fills
 * doc->charts: each file's name as the Markdown links it (its base name), or why none was
 * drawn. Returns 0, also when gnuplot is missing or fails; -1 with err when a chart could
 * not be put in place (an existing file without force, a full disk). */
int charts_draw(report_doc *doc, const char *const paths[REPORT_CHART_COUNT], bool force, char *err,
                size_t errlen);

/* What to install for the charts, for messages. */
#define CHARTS_PACKAGE "gnuplot-nox"

#endif
