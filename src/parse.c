#include "parse.h"

#include <ctype.h>
#include <getopt.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

int parse_int(const char *opt, const char *text, int max, int *out, char *err, size_t errlen)
{
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '-' || *p == '+' || !isdigit((unsigned char)*p)) {
        if (*p == '-' && isdigit((unsigned char)p[1]))
            snprintf(err, errlen, "%s: '%s' is negative; expected 1..%d", opt, text, max);
        else
            snprintf(err, errlen, "%s: '%s' is not a number; expected 1..%d", opt, text, max);
        return -1;
    }
    errno = 0;
    char *end;
    long v = strtol(p, &end, 10);
    if (*end != '\0') {
        snprintf(err, errlen, "%s: '%s' is not a whole number; expected 1..%d", opt, text, max);
        return -1;
    }
    if (errno == ERANGE || v < 1 || v > max) {
        snprintf(err, errlen, "%s: %s is out of range; expected 1..%d", opt, text, max);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int parse_seconds(const char *opt, const char *text, double max, double *out, char *err,
                  size_t errlen)
{
    errno = 0;
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v)) {
        snprintf(err, errlen, "%s: '%s' is not a number of seconds", opt, text);
        return -1;
    }
    if (v <= 0.0 || v > max || errno == ERANGE) {
        snprintf(err, errlen, "%s: %s is out of range; expected more than 0 and at most %g", opt,
                 text, max);
        return -1;
    }
    *out = v;
    return 0;
}

/* Calls fn on every comma-separated item of text (copied); stops at the first error. */
static int for_each_item(const char *opt, const char *text, int cap, char *err, size_t errlen,
                         int (*fn)(const char *item, int index, void *ctx), void *ctx)
{
    char *copy = strdup(text);
    if (!copy) {
        snprintf(err, errlen, "%s: out of memory", opt);
        return -1;
    }
    int count = 0, rc = 0;
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        if (count == cap) {
            snprintf(err, errlen, "%s: more than %d items", opt, cap);
            rc = -1;
            break;
        }
        if ((rc = fn(item, count, ctx)) != 0)
            break;
        count++;
    }
    free(copy);
    if (rc == 0 && count == 0) {
        snprintf(err, errlen, "%s: empty list", opt);
        rc = -1;
    }
    return rc == 0 ? count : -1;
}

typedef struct list_ctx {
    const char *opt;
    int max;
    void *out;
    char *err;
    size_t errlen;
} list_ctx;

static int int_item(const char *item, int index, void *ctx)
{
    list_ctx *c = ctx;
    return parse_int(c->opt, item, c->max, &((int *)c->out)[index], c->err, c->errlen);
}

int parse_int_list(const char *opt, const char *text, int max, int *out, int cap, char *err,
                   size_t errlen)
{
    list_ctx c = {opt, max, out, err, errlen};
    return for_each_item(opt, text, cap, err, errlen, int_item, &c);
}

static int size_item(const char *item, int index, void *ctx)
{
    list_ctx *c = ctx;
    int *shape = ((int (*)[3])c->out)[index];
    char *x1 = strchr(item, 'x');
    if (!x1)
        x1 = strchr(item, 'X');
    if (!x1) {
        if (parse_int(c->opt, item, c->max, &shape[0], c->err, c->errlen) != 0)
            return -1;
        shape[1] = shape[2] = shape[0];
        return 0;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%s", item);
    char *parts[3] = {buf, NULL, NULL};
    int n = 1;
    for (char *p = buf; *p && n <= 3; p++) {
        if (*p == 'x' || *p == 'X') {
            *p = '\0';
            if (n < 3)
                parts[n] = p + 1;
            n++;
        }
    }
    if (n != 3) {
        snprintf(c->err, c->errlen, "%s: '%s' is not N or MxNxK", c->opt, item);
        return -1;
    }
    for (int i = 0; i < 3; i++)
        if (parse_int(c->opt, parts[i], c->max, &shape[i], c->err, c->errlen) != 0)
            return -1;
    return 0;
}

int parse_size_list(const char *opt, const char *text, int max, int (*shapes)[3], int cap,
                    char *err, size_t errlen)
{
    list_ctx c = {opt, max, shapes, err, errlen};
    return for_each_item(opt, text, cap, err, errlen, size_item, &c);
}

static int variant_item(const char *item, int index, void *ctx)
{
    list_ctx *c = ctx;
    int v = kernel_index(item);
    if (v < 0) {
        char names[256] = "";
        for (int i = 0; i < kernel_count(); i++) {
            strncat(names, i ? ", " : "", sizeof names - strlen(names) - 1);
            strncat(names, kernel_at(i)->name, sizeof names - strlen(names) - 1);
        }
        snprintf(c->err, c->errlen, "%s: unknown variant '%s' (one of: %s, all)", c->opt, item,
                 names);
        return -1;
    }
    ((int *)c->out)[index] = v;
    return 0;
}

int parse_variant_list(const char *opt, const char *text, int *out, int cap, char *err,
                       size_t errlen)
{
    if (strcmp(text, "all") == 0) {
        int n = kernel_count() < cap ? kernel_count() : cap;
        for (int i = 0; i < n; i++)
            out[i] = i;
        return n;
    }
    list_ctx c = {opt, 0, out, err, errlen};
    return for_each_item(opt, text, cap, err, errlen, variant_item, &c);
}

int parse_word_list(const char *opt, char *text, const char **out, int cap, char *err,
                    size_t errlen)
{
    int count = 0;
    char *save = NULL;
    for (char *w = strtok_r(text, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (count == cap) {
            snprintf(err, errlen, "%s: more than %d items", opt, cap);
            return -1;
        }
        out[count++] = w;
    }
    if (count == 0) {
        snprintf(err, errlen, "%s: empty list", opt);
        return -1;
    }
    return count;
}

void parse_option_error(int c, char **argv, const char *command, char *err, size_t errlen)
{
    if (c == ':')
        snprintf(err, errlen, "%s needs a value", argv[optind - 1]);
    else
        snprintf(err, errlen, "unknown option '%s' (see %s --help)", argv[optind - 1], command);
}

int parse_no_operands(int argc, char **argv, const char *command, char *err, size_t errlen)
{
    if (optind >= argc)
        return 0;
    snprintf(err, errlen, "unexpected argument '%s' (see %s --help)", argv[optind], command);
    return -1;
}
