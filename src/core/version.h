/* tttop's own version, from the VERSION file: only version.c embeds it, so a new VERSION
 * rebuilds one object. */
#ifndef TTTOP_VERSION_H
#define TTTOP_VERSION_H

const char *tttop_version(void);

#endif
