/* The measured machine figures, cached in machine.ini in the config directory: one section
 * per machine, named like tuning.ini's ("<cpu model>, <n> cpus"), so one file serves a home
 * directory shared by several machines. Read with config_file's rules (regular files of
 * bounded size only); a file or section that is broken (not INI, a value that is no number
 * or out of range, no peak) is reported and measured again, never trusted and never a
 * crash. A broken regular file is then replaced: it is a cache, not the user's settings. */
#ifndef TTTOP_FIGURES_CACHE_H
#define TTTOP_FIGURES_CACHE_H

#include <stddef.h>

#include "machine/figures.h"

#define FIGURES_CACHE_FILE "machine.ini"

/* path NULL = the default file. 0: loaded; 1: none for this machine (no file, or no
 * section for it); -1: unreadable or broken, a one-line reason in err. */
int figures_cache_load(const char *path, machine_figures *out, char *err, size_t errlen);
/* Write this machine's section (keeping the others' when the file reads as INI), atomically.
 * A path that exists and is not a regular file (or a link to one) is refused. 0 or -1. */
int figures_cache_save(const char *path, const machine_figures *f, char *err, size_t errlen);

#endif
