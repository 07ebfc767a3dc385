#include "core/version.h"

#include "tttop_version.h"

const char *tttop_version(void)
{
    return TTTOP_VERSION;
}
