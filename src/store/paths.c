#include "store/paths.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/atomic_file.h"

static int config_dir(char *buf, size_t len)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    int n;
    if (xdg && xdg[0] == '/') {
        n = snprintf(buf, len, "%s/tttop", xdg);
    } else {
        const char *home = getenv("HOME");
        if (!home || !home[0]) {
            struct passwd *pw = getpwuid(getuid());
            home = pw ? pw->pw_dir : NULL;
        }
        if (!home || !home[0])
            return -1;
        n = snprintf(buf, len, "%s/.config/tttop", home);
    }
    return n > 0 && (size_t)n < len ? 0 : -1;
}

int paths_config_file(const char *name, char *buf, size_t len)
{
    char dir[4096];
    if (config_dir(dir, sizeof dir) != 0)
        return -1;
    int n = snprintf(buf, len, "%s/%s", dir, name);
    return n > 0 && (size_t)n < len ? 0 : -1;
}

int paths_make_config_dir(void)
{
    char dir[4096];
    if (config_dir(dir, sizeof dir) != 0)
        return -1;
    return make_dirs(dir);
}
