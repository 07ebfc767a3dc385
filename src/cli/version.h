/* `tttop --version`: tttop's version and the libraries it runs with. */
#ifndef TTTOP_CLI_VERSION_H
#define TTTOP_CLI_VERSION_H

#include <stdio.h>

/* curses: the curses library's own version string (the face knows it). 0, or -1 when out
 * could not be written. */
int version_print(FILE *out, const char *curses);

#endif
