/* The programs and libraries a report names or runs: their versions for the machine facts,
 * and a child process (gnuplot) run with a deadline, its output kept out of the terminal. */
#ifndef TTTOP_TOOLS_H
#define TTTOP_TOOLS_H

#include <stdbool.h>
#include <stddef.h>

/* The terminal library's version is the dashboard's to tell (src/ cannot see curses): the
 * program notes it at start, e.g. tools_note_ui_library("ncurses", curses_version()). */
void tools_note_ui_library(const char *name, const char *version);

/* "ncurses 6.4.20221231, OpenBLAS 0.3.21, PAPI 7.0.1.0, jansson 2.14, zlib 1.2.13" and the
 * tools found on PATH ("gnuplot 5.4 patchlevel 4", "valgrind-3.19.0"), with the compiler. */
void tools_libraries(char *buf, size_t len);

/* The full path of an executable on PATH into out; false when there is none. */
bool tools_find(const char *name, char *out, size_t len);
/* The first line `TOOL --version` prints, or "" when the tool is missing or says nothing. */
void tools_version(const char *tool, char *out, size_t len);

/* Run argv (argv[0] looked up on PATH) with standard input from /dev/null and its output
 * appended to log_path, waiting at most timeout_s. Returns the exit status, or -1 with a
 * one-line message in err (could not start, killed at the deadline, died of a signal). */
int tools_run(char *const argv[], const char *log_path, double timeout_s, char *err, size_t errlen);

#endif
