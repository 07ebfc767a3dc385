/* The value parsers under every option: the first byte picks one, the rest is the value.
 * An accepted value is in its range and is what the text says; a list has one item per
 * comma; a refusal is one line naming the option. */
#include <errno.h>
#include <math.h>
#include <stdint.h>

#include "cli/parse.h"
#include "core/variants.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int items(const char *text)
{
    int n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    return n;
}

static void refused(const char *err)
{
    FUZZ_REQUIRE(fuzz_one_line(err), "message '%s'", err);
    FUZZ_REQUIRE(strncmp(err, "--opt", 5) == 0, "message does not name the option: '%s'", err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *text = fuzz_text(data + 1, size - 1);
    char err[512] = "";
    switch (data[0] % 6) {
    case 0: {
        int v = -1;
        if (parse_int("--opt", text, 1, 50000, &v, err, sizeof err) == 0) {
            FUZZ_REQUIRE(v >= 1 && v <= 50000, "%d", v);
            FUZZ_REQUIRE(strspn(text, "0123456789") == strlen(text), "'%s'", text);
            FUZZ_REQUIRE(strtol(text, NULL, 10) == v, "'%s' read as %d", text, v);
        } else {
            refused(err);
        }
        break;
    }
    case 1: {
        double v = -1;
        if (parse_seconds("--opt", text, 3600, &v, err, sizeof err) == 0) {
            FUZZ_REQUIRE(v > 0 && v <= 3600 && isfinite(v), "%g", v);
            FUZZ_REQUIRE(!strpbrk(text, "xXpPnNiI") && text[0] != '+' && text[0] != '-',
                         "'%s' accepted", text);
        } else {
            refused(err);
        }
        break;
    }
    case 2: {
        int *list = NULL;
        int n = parse_int_list("--opt", text, 1, 4096, &list, err, sizeof err);
        if (n >= 0) {
            FUZZ_REQUIRE(n == items(text), "%d items from '%s'", n, text);
            for (int i = 0; i < n; i++)
                FUZZ_REQUIRE(list[i] >= 1 && list[i] <= 4096, "%d", list[i]);
        } else {
            FUZZ_REQUIRE(!list, "list left allocated");
            refused(err);
        }
        free(list);
        break;
    }
    case 3: {
        int(*shapes)[3] = NULL;
        int n = parse_size_list("--opt", text, 50000, &shapes, err, sizeof err);
        if (n >= 0) {
            FUZZ_REQUIRE(n == items(text), "%d items from '%s'", n, text);
            for (int i = 0; i < n; i++)
                for (int d = 0; d < 3; d++)
                    FUZZ_REQUIRE(shapes[i][d] >= 1 && shapes[i][d] <= 50000, "%d", shapes[i][d]);
        } else {
            refused(err);
        }
        free(shapes);
        break;
    }
    case 4: {
        int *list = NULL;
        int n = parse_variant_list("--opt", text, &list, err, sizeof err);
        if (n >= 0) {
            FUZZ_REQUIRE(strcmp(text, "all") == 0 || n == items(text), "%d from '%s'", n, text);
            for (int i = 0; i < n; i++)
                FUZZ_REQUIRE(list[i] >= 0 && list[i] < variants_count(), "%d", list[i]);
        } else {
            refused(err);
        }
        free(list);
        break;
    }
    default: {
        char **words = NULL;
        int n = parse_word_list("--opt", text, &words, err, sizeof err);
        if (n >= 0) {
            FUZZ_REQUIRE(n == items(text), "%d words from '%s'", n, text);
            for (int i = 0; i < n; i++)
                FUZZ_REQUIRE(words[i][0] && !strchr(words[i], ','), "word '%s'", words[i]);
            parse_free_words(words, n);
        } else {
            refused(err);
        }
        break;
    }
    }
    free(text);
    return 0;
}
