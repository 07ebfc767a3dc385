#include "store/config_file.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

int config_file_read(const char *path, char **text, char *err, size_t errlen)
{
    *text = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT)
            return 1;
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > CONFIG_FILE_MAX_BYTES) {
        snprintf(err, errlen, "%s: %s", path,
                 !S_ISREG(st.st_mode)                 ? "not a regular file"
                 : st.st_size > CONFIG_FILE_MAX_BYTES ? "larger than 1 MiB"
                                                      : strerror(errno));
        close(fd);
        return -1;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (buf && got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    int saved = errno;
    close(fd);
    if (!buf || got != (size_t)st.st_size) {
        snprintf(err, errlen, "%s: %s", path, buf ? strerror(saved) : "out of memory");
        free(buf);
        return -1;
    }
    buf[got] = '\0';
    if (strlen(buf) != got) {
        snprintf(err, errlen, "%s: not a text file", path);
        free(buf);
        return -1;
    }
    *text = buf;
    return 0;
}

typedef struct line_reader {
    const char *next;
    int line;
    bool at_line_start;
    config_entry_fn fn;
    void *user;
} line_reader;

/* fgets over the text: inih handles each line as soon as it has read it, so the count
 * is the line of the entry it reports next. */
static char *read_line(char *str, int num, void *stream)
{
    line_reader *r = stream;
    if (!*r->next || num < 2)
        return NULL;
    int n = 0;
    while (n < num - 1 && r->next[n] && r->next[n] != '\n')
        n++;
    if (n < num - 1 && r->next[n] == '\n')
        n++;
    memcpy(str, r->next, (size_t)n);
    str[n] = '\0';
    r->next += n;
    if (r->at_line_start)
        r->line++;
    r->at_line_start = n > 0 && str[n - 1] == '\n';
    return str;
}

static int on_entry(void *user, const char *section, const char *key, const char *value)
{
    line_reader *r = user;
    /* inih keeps only 49 characters of a name for the continuation lines that follow it
     * (found by fuzz_tuning): a longer name makes the file not valid */
    if (strlen(key) > CONFIG_FILE_MAX_NAME)
        return 0;
    return r->fn(r->user, section, key, value, r->line);
}

/* The first line longer than inih reads whole, or 0: inih would read the rest of it as
 * a line of its own, and a long value could turn into an entry nobody wrote. */
static int first_long_line(const char *text)
{
    int line = 1;
    for (const char *p = text; *p; line++) {
        const char *nl = strchr(p, '\n');
        const size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > CONFIG_FILE_MAX_LINE)
            return line;
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0;
}

int config_file_parse(const char *text, config_entry_fn fn, void *user)
{
    const int long_line = first_long_line(text);
    if (long_line)
        return long_line;
    line_reader r = {.next = text, .at_line_start = true, .fn = fn, .user = user};
    return ini_parse_stream(read_line, &r, on_entry, &r);
}

static int on_collect(void *user, const char *section, const char *key, const char *value, int line)
{
    (void)line;
    config_entries *l = user;
    if (l->count == l->cap) {
        int cap = l->cap ? 2 * l->cap : 32;
        config_entry *items = realloc(l->items, (size_t)cap * sizeof *items);
        if (!items) {
            l->failed = true;
            return 0;
        }
        l->items = items;
        l->cap = cap;
    }
    config_entry *e = &l->items[l->count++];
    e->section = strdup(section);
    e->key = strdup(key);
    e->value = strdup(value);
    l->failed = l->failed || !e->section || !e->key || !e->value;
    return !l->failed;
}

void config_entries_free(config_entries *l)
{
    for (int i = 0; i < l->count; i++) {
        free(l->items[i].section);
        free(l->items[i].key);
        free(l->items[i].value);
    }
    free(l->items);
    *l = (config_entries){0};
}

int config_entries_collect(const char *path, const char *text, config_entries *l, char *err,
                           size_t errlen)
{
    if (!text)
        return 0;
    int line = config_file_parse(text, on_collect, l);
    if (line == 0 && !l->failed)
        return 0;
    if (l->failed)
        snprintf(err, errlen, "%s: out of memory", path);
    else
        snprintf(err, errlen, "%s: line %d is not valid; not overwritten", path, line);
    config_entries_free(l);
    return -1;
}

void config_entry_write(FILE *f, const char *key, const char *value, const char *prev_key)
{
    /* " ;" on a "key = value" line starts a comment; a continuation line keeps it */
    bool comment = false;
    for (const char *p = value; *p && !comment; p++)
        comment = *p == ';' && p > value && isspace((unsigned char)p[-1]);
    const size_t len = strlen(key) + strlen(value);
    const bool continues = prev_key && strcmp(prev_key, key) == 0;
    if (continues && (comment || len + 1 > CONFIG_FILE_MAX_LINE))
        fprintf(f, " %s\n", value);
    else if (len + 3 <= CONFIG_FILE_MAX_LINE && key[0] && value[0] != ';')
        fprintf(f, "%s = %s\n", key, value);
    else
        fprintf(f, "%s=%s\n", key, value);
}
