#include "report/format.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Three significant digits: 1.23, 12.3, 123. */
static const char *sig3(double v)
{
    double a = fabs(v);
    return a < 9.995 ? "%.2f %s" : a < 99.95 ? "%.1f %s" : "%.0f %s";
}

char *format_seconds(char *buf, size_t len, double s)
{
    if (isnan(s)) {
        snprintf(buf, len, "n/a");
    } else if (s >= 600.0) {
        long total = lround(s);
        snprintf(buf, len, "%ldm%02lds", total / 60, total % 60);
    } else {
        static const char *const units[] = {"ns", "us", "ms", "s"};
        int u = 3;
        double v = s;
        while (u > 0 && fabs(v) < 0.9995) {
            v *= 1000.0;
            u--;
        }
        snprintf(buf, len, sig3(v), v, units[u]);
    }
    return buf;
}

char *format_gflops(char *buf, size_t len, double g)
{
    if (isnan(g))
        snprintf(buf, len, "n/a");
    else
        snprintf(buf, len, fabs(g) < 9.995 ? "%.2f" : fabs(g) < 99.95 ? "%.1f" : "%.0f", g);
    return buf;
}

static char *scaled(char *buf, size_t len, double v, double step, const char *const *units,
                    int nunits, const char *first_fmt)
{
    int u = 0;
    while (u < nunits - 1 && fabs(v) >= step * 0.9995) {
        v /= step;
        u++;
    }
    if (u == 0)
        snprintf(buf, len, first_fmt, v, units[0]);
    else
        snprintf(buf, len, sig3(v), v, units[u]);
    return buf;
}

char *format_bytes(char *buf, size_t len, double bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    if (isnan(bytes)) {
        snprintf(buf, len, "n/a");
        return buf;
    }
    return scaled(buf, len, bytes, 1024.0, units, 5, "%.0f %s");
}

char *format_count(char *buf, size_t len, double count)
{
    static const char *const units[] = {"", "k", "M", "G", "T", "P"};
    if (isnan(count)) {
        snprintf(buf, len, "n/a");
        return buf;
    }
    scaled(buf, len, count, 1000.0, units, 6, "%.0f%s");
    /* sig3 puts a space before the unit: counts read better without it. */
    for (char *p = buf; *p; p++)
        if (*p == ' ')
            for (char *q = p; *q; q++)
                q[0] = q[1];
    return buf;
}

char *format_ratio(char *buf, size_t len, double r)
{
    if (isnan(r) || isinf(r))
        snprintf(buf, len, "n/a");
    else
        snprintf(buf, len, fabs(r) < 9.995 ? "%.2fx" : fabs(r) < 99.95 ? "%.1fx" : "%.0fx", r);
    return buf;
}

char *format_or_na(char *buf, size_t len, double value, char *(*fn)(char *, size_t, double))
{
    if (isnan(value)) {
        snprintf(buf, len, "n/a");
        return buf;
    }
    return fn(buf, len, value);
}

char *format_size_short(char *buf, size_t len, size_t bytes)
{
    if (bytes == 0)
        snprintf(buf, len, "?");
    else if (bytes % (1u << 20) == 0)
        snprintf(buf, len, "%zuM", bytes >> 20);
    else
        snprintf(buf, len, "%zuK", bytes >> 10);
    return buf;
}

static char *escape(char *buf, size_t len, const char *text, bool quotes, bool cut)
{
    if (len < 2) {
        if (len)
            buf[0] = '\0';
        return buf;
    }
    const size_t n = strlen(text);
    size_t show = n;
    cut = cut && n >= 40;
    if (cut) {
        show = 32;
        while (show > 0 && ((unsigned char)text[show] & 0xC0) == 0x80)
            show--; /* not in the middle of a UTF-8 character */
    }
    size_t used = 0;
    if (quotes)
        buf[used++] = '\'';
    for (size_t i = 0; i < show; i++) {
        const unsigned char c = (unsigned char)text[i];
        char piece[8] = {(char)c, '\0'};
        if (c == '\n')
            memcpy(piece, "\\n", 3);
        else if (c == '\t')
            memcpy(piece, "\\t", 3);
        else if (c < 0x20 || c == 0x7f)
            snprintf(piece, sizeof piece, "\\x%02x", c);
        const size_t pl = strlen(piece);
        if (used + pl >= len)
            break;
        memcpy(buf + used, piece, pl);
        used += pl;
    }
    buf[used] = '\0';
    if (cut)
        snprintf(buf + used, len - used, "...%s (%zu characters)", quotes ? "'" : "", n);
    else if (quotes)
        snprintf(buf + used, len - used, "'");
    return buf;
}

char *format_quoted(char *buf, size_t len, const char *text)
{
    return escape(buf, len, text, true, true);
}

char *format_escaped(char *buf, size_t len, const char *text)
{
    return escape(buf, len, text, false, true);
}

char *format_one_line(char *buf, size_t len, const char *text)
{
    return escape(buf, len, text, false, false);
}
