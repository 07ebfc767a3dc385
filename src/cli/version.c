#include "cli/version.h"

#include <jansson.h>
#include <papi.h>
#include <stdlib.h>
#include <string.h>

#include "core/version.h"

char *openblas_get_config(void);

/* The first line a program prints for --version, or NULL when it is not on the PATH. */
static char *tool_version(const char *command, char *buf, size_t len)
{
    FILE *p = popen(command, "r");
    if (!p)
        return NULL;
    char *line = fgets(buf, (int)len, p);
    const int status = pclose(p);
    if (!line || status != 0)
        return NULL;
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

int version_print(FILE *out, const char *curses)
{
    const char *blas = openblas_get_config();
    char valgrind[128];
    fprintf(out, "tttop %s\n", tttop_version());
    fprintf(out, "  %-9s %s\n", "curses", curses ? curses : "?");
    fprintf(out, "  %-9s %s\n", "OpenBLAS", blas ? blas : "?");
    fprintf(out, "  %-9s %d.%d.%d\n", "PAPI", PAPI_VERSION_MAJOR(PAPI_VERSION),
            PAPI_VERSION_MINOR(PAPI_VERSION), PAPI_VERSION_REVISION(PAPI_VERSION));
    fprintf(out, "  %-9s %s\n", "jansson", jansson_version_str());
    if (tool_version("valgrind --version 2>/dev/null", valgrind, sizeof valgrind))
        fprintf(out, "  %-9s %s (simulated counters)\n", "valgrind", valgrind);
    else
        fprintf(out, "  %-9s not installed (no simulated counters)\n", "valgrind");
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
