/* tuning.ini: whatever the text, loading it either refuses it with one line naming the
 * file, or uses only values in their ranges (a bad entry named by file and line); and
 * what `tttop tune` would write back over an accepted file is itself accepted, keeps
 * every other entry, and is written the same way a second time. */
#include <stdint.h>

#include "core/variants.h"
#include "fuzz.h"
#include "store/config_file.h"
#include "store/tuning.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct counts {
    int all;
    int replaced; /* this machine's blocked.block: tune's new value takes their place */
} counts;

static char machine[160];

static int count_entry(void *user, const char *section, const char *key, const char *value,
                       int line)
{
    (void)value, (void)line;
    counts *c = user;
    c->all++;
    c->replaced += strcmp(section, machine) == 0 && strcmp(key, "blocked.block") == 0;
    return 1;
}

/* tune's merge of one value over text, into a new string (free it); NULL when refused. */
static char *merged(const char *text, const tuning_value *v)
{
    char *buf = NULL, err[512] = "";
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out)
        abort();
    int rc = tuning_merge("tuning.ini", text, v, 1, out, err, sizeof err);
    fclose(out);
    if (rc != 0) {
        FUZZ_REQUIRE(fuzz_one_line(err), "message '%s'", err);
        free(buf);
        return NULL;
    }
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    char warn[4096], err[512] = "";
    variants_tuned_clear();
    int used = tuning_parse("tuning.ini", text, warn, sizeof warn, err, sizeof err);
    if (used < 0) {
        FUZZ_REQUIRE(fuzz_one_line(err), "message '%s'", err);
        FUZZ_REQUIRE(strncmp(err, "tuning.ini: line ", 17) == 0, "message '%s'", err);
    } else {
        FUZZ_REQUIRE(!strchr(warn, '\n'), "warning '%s'", warn);
        for (int v = 0; v < variants_count(); v++)
            for (int k = 0; k < variants_knob_count(); k++) {
                int value = variants_tuned_get(v, k);
                const variant_tunable *t = variants_knob(k);
                FUZZ_REQUIRE(value == 0 || (value >= t->min && value <= t->max), "%s %d", t->name,
                             value);
            }
    }
    const int blocked = variant_find("blocked"), block = variants_knob_find("block");
    const tuning_value v = {.variant = blocked, .knob = block, .value = 48};
    char *once = merged(text, &v);
    if (used >= 0)
        FUZZ_REQUIRE(once, "a file load accepts, tune refuses to update");
    if (once) {
        counts before = {0}, after = {0};
        tuning_machine_key(machine, sizeof machine);
        FUZZ_REQUIRE(config_file_parse(text, count_entry, &before) == 0, "accepted, unparsed");
        FUZZ_REQUIRE(config_file_parse(once, count_entry, &after) == 0,
                     "tune wrote a file it cannot read:\n%s", once);
        /* every entry kept, but this machine's old values, which the new one replaces */
        FUZZ_REQUIRE(after.replaced == 1 && after.all == before.all - before.replaced + 1,
                     "%d entries (%d replaced) became %d (%d)", before.all, before.replaced,
                     after.all, after.replaced);
        variants_tuned_clear();
        FUZZ_REQUIRE(tuning_parse("tuning.ini", once, warn, sizeof warn, err, sizeof err) >= 1,
                     "the value tune saved is not used: %s", err);
        FUZZ_REQUIRE(variants_tuned_get(blocked, block) == 48, "%d",
                     variants_tuned_get(blocked, block));
        char *twice = merged(once, &v);
        FUZZ_REQUIRE(twice && strcmp(once, twice) == 0, "a second save changed the file");
        free(twice);
    }
    free(once);
    variants_tuned_clear();
    free(text);
    return 0;
}
