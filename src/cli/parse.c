#include "cli/parse.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/variants.h"
#include "report/format.h"

/* The item as quoted in a message: one line, long ones cut so that the reason stays
 * visible. */
static const char *quoted(const char *text, char *buf, size_t len)
{
    return format_quoted(buf, len, text);
}

static bool all_digits(const char *p)
{
    if (!*p)
        return false;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

int parse_int(const char *opt, const char *text, int min, int max, int *out, char *err,
              size_t errlen)
{
    char q[96];
    if (!all_digits(text)) {
        const bool negative = text[0] == '-' && all_digits(text + 1);
        snprintf(err, errlen, "%s: %s is %s; expected %d..%d", opt, quoted(text, q, sizeof q),
                 negative ? "negative" : "not a whole number", min, max);
        return -1;
    }
    errno = 0;
    long v = strtol(text, NULL, 10);
    if (errno == ERANGE || v < min || v > max) {
        snprintf(err, errlen, "%s: %s is out of range; expected %d..%d", opt,
                 quoted(text, q, sizeof q), min, max);
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* digits [. digits] [e [+-] digits], or . digits: what a person types for seconds. */
static bool decimal_number(const char *p)
{
    bool digits = false;
    while (*p >= '0' && *p <= '9')
        p++, digits = true;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits = true;
    }
    if (!digits)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

int parse_seconds(const char *opt, const char *text, double max, double *out, char *err,
                  size_t errlen)
{
    char q[96];
    if (!decimal_number(text)) {
        snprintf(err, errlen, "%s: %s is not a number of seconds", opt, quoted(text, q, sizeof q));
        return -1;
    }
    double v = strtod(text, NULL);
    if (!(v > 0.0) || v > max || !isfinite(v)) {
        snprintf(err, errlen, "%s: %s is out of range; expected more than 0 and at most %g", opt,
                 quoted(text, q, sizeof q), max);
        return -1;
    }
    *out = v;
    return 0;
}

/* Splits text at commas; calls fn on every item, empty ones included (fn refuses them). */
typedef int (*item_fn)(const char *opt, const char *item, int index, void *ctx, char *err,
                       size_t errlen);

static int for_each_item(const char *opt, const char *text, item_fn fn, void *ctx, char *err,
                         size_t errlen)
{
    char *copy = strdup(text);
    if (!copy) {
        snprintf(err, errlen, "%s: out of memory", opt);
        return -1;
    }
    int count = 0, rc = 0;
    char *item = copy;
    for (;;) {
        char *comma = strchr(item, ',');
        if (comma)
            *comma = '\0';
        if (count == PARSE_MAX_ITEMS) {
            snprintf(err, errlen, "%s: more than %d items", opt, PARSE_MAX_ITEMS);
            rc = -1;
            break;
        }
        if (!*item) {
            char q[96];
            snprintf(err, errlen, "%s: empty item in %s", opt, quoted(text, q, sizeof q));
            rc = -1;
            break;
        }
        if ((rc = fn(opt, item, count, ctx, err, errlen)) != 0)
            break;
        count++;
        if (!comma)
            break;
        item = comma + 1;
    }
    free(copy);
    return rc == 0 ? count : -1;
}

/* A growing array of fixed-size elements. */
typedef struct grow {
    void **data;
    size_t elem;
    int cap;
    int min, max;
} grow;

static void *slot(grow *g, int index, const char *opt, char *err, size_t errlen)
{
    if (index >= g->cap) {
        int cap = g->cap ? 2 * g->cap : 8;
        void *bigger = realloc(*g->data, (size_t)cap * g->elem);
        if (!bigger) {
            snprintf(err, errlen, "%s: out of memory", opt);
            return NULL;
        }
        *g->data = bigger;
        g->cap = cap;
    }
    return (char *)*g->data + (size_t)index * g->elem;
}

static int int_item(const char *opt, const char *item, int index, void *ctx, char *err,
                    size_t errlen)
{
    grow *g = ctx;
    int *out = slot(g, index, opt, err, errlen);
    return out ? parse_int(opt, item, g->min, g->max, out, err, errlen) : -1;
}

static int run_list(const char *opt, const char *text, grow *g, item_fn fn, char *err,
                    size_t errlen)
{
    *g->data = NULL;
    int n = for_each_item(opt, text, fn, g, err, errlen);
    if (n < 0) {
        free(*g->data);
        *g->data = NULL;
    }
    return n;
}

int parse_int_list(const char *opt, const char *text, int min, int max, int **out, char *err,
                   size_t errlen)
{
    grow g = {.data = (void **)out, .elem = sizeof **out, .min = min, .max = max};
    return run_list(opt, text, &g, int_item, err, errlen);
}

static int size_item(const char *opt, const char *item, int index, void *ctx, char *err,
                     size_t errlen)
{
    grow *g = ctx;
    int *shape = slot(g, index, opt, err, errlen);
    if (!shape)
        return -1;
    if (!strpbrk(item, "xX")) {
        if (parse_int(opt, item, 1, g->max, &shape[0], err, errlen) != 0)
            return -1;
        shape[1] = shape[2] = shape[0];
        return 0;
    }
    char *copy = strdup(item), q[96];
    if (!copy) {
        snprintf(err, errlen, "%s: out of memory", opt);
        return -1;
    }
    char *parts[3] = {copy, NULL, NULL};
    int n = 1;
    for (char *p = copy; *p; p++) {
        if (*p == 'x' || *p == 'X') {
            *p = '\0';
            if (n < 3)
                parts[n] = p + 1;
            n++;
        }
    }
    int rc = 0;
    if (n != 3) {
        snprintf(err, errlen, "%s: %s is not N or MxNxK", opt, quoted(item, q, sizeof q));
        rc = -1;
    }
    for (int i = 0; rc == 0 && i < 3; i++)
        rc = parse_int(opt, parts[i], 1, g->max, &shape[i], err, errlen);
    free(copy);
    return rc;
}

int parse_size_list(const char *opt, const char *text, int max, int (**shapes)[3], char *err,
                    size_t errlen)
{
    grow g = {.data = (void **)shapes, .elem = sizeof **shapes, .min = 1, .max = max};
    return run_list(opt, text, &g, size_item, err, errlen);
}

int parse_variant(const char *opt, const char *text, int *out, char *err, size_t errlen)
{
    int v = variant_find(text);
    if (v < 0) {
        char names[512], q[96];
        variants_list(names, sizeof names);
        snprintf(err, errlen, "%s: unknown variant %s (one of: %s)", opt, quoted(text, q, sizeof q),
                 names);
        return -1;
    }
    *out = v;
    return 0;
}

static int variant_item(const char *opt, const char *item, int index, void *ctx, char *err,
                        size_t errlen)
{
    grow *g = ctx;
    int *out = slot(g, index, opt, err, errlen);
    if (!out)
        return -1;
    if (strcmp(item, "all") == 0) {
        snprintf(err, errlen, "%s: 'all' stands alone, not in a list", opt);
        return -1;
    }
    return parse_variant(opt, item, out, err, errlen);
}

int parse_variant_list(const char *opt, const char *text, int **out, char *err, size_t errlen)
{
    if (strcmp(text, "all") == 0) {
        const int n = variants_count();
        if (!(*out = malloc((size_t)n * sizeof **out))) {
            snprintf(err, errlen, "%s: out of memory", opt);
            return -1;
        }
        for (int i = 0; i < n; i++)
            (*out)[i] = i;
        return n;
    }
    grow g = {.data = (void **)out, .elem = sizeof **out};
    return run_list(opt, text, &g, variant_item, err, errlen);
}

static int word_item(const char *opt, const char *item, int index, void *ctx, char *err,
                     size_t errlen)
{
    grow *g = ctx;
    char **out = slot(g, index, opt, err, errlen);
    if (!out)
        return -1;
    if (!(*out = strdup(item))) {
        snprintf(err, errlen, "%s: out of memory", opt);
        return -1;
    }
    g->min = index + 1; /* words copied so far, freed on failure */
    return 0;
}

int parse_word_list(const char *opt, const char *text, char ***out, char *err, size_t errlen)
{
    grow g = {.data = (void **)out, .elem = sizeof **out};
    *out = NULL;
    int n = for_each_item(opt, text, word_item, &g, err, errlen);
    if (n < 0) {
        parse_free_words(*out, g.min);
        *out = NULL;
    }
    return n;
}

void parse_free_words(char **words, int count)
{
    for (int i = 0; words && i < count; i++)
        free(words[i]);
    free(words);
}

int parse_choice(const char *opt, const char *text, const char *const *names, int count, char *err,
                 size_t errlen)
{
    for (int i = 0; i < count; i++)
        if (strcmp(text, names[i]) == 0)
            return i;
    char list[256] = "", q[96];
    for (int i = 0; i < count; i++) {
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", names[i],
                 i + 2 < count   ? ", "
                 : i + 1 < count ? " or "
                                 : "");
    }
    snprintf(err, errlen, "%s: %s is not %s", opt, quoted(text, q, sizeof q), list);
    return -1;
}
