/* Where tttop keeps its files: $XDG_CONFIG_HOME/tttop/, or ~/.config/tttop/. */
#ifndef TTTOP_PATHS_H
#define TTTOP_PATHS_H

#include <stddef.h>

/* The full path of `name` in the config directory; 0, or -1 when no home is known or the
 * path does not fit. Creates nothing. */
int paths_config_file(const char *name, char *buf, size_t len);
/* Create the config directory (and parents). 0 or -1 with errno. */
int paths_make_config_dir(void);

#endif
