#include "report/capstone.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "report/charts.h"
#include "store/atomic_file.h"

static const char *const chart_suffix[REPORT_CHART_COUNT] = {"-ladder.png", "-sizes.png",
                                                             "-roofline.png"};

void capstone_plan_for(bool quick, capstone_plan *out)
{
    static const int course[] = {100, 500, 1000, 2000};
    static const int small[] = {64, 128, 256, 512};
    const int *sizes = quick ? small : course;
    memset(out, 0, sizeof *out);
    out->nsizes = 4;
    memcpy(out->sizes, sizes, 4 * sizeof *sizes);
    out->batch = 64;
    out->min_time = quick ? 0.05 : 0.2;
}

void capstone_default_name(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    if (!strftime(buf, len, "tttop-report-%Y%m%d-%H%M%S.md", &tm))
        snprintf(buf, len, "tttop-report.md");
}

int capstone_paths_for(const char *md, capstone_paths *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(md);
    if (len == 0) {
        snprintf(err, errlen, "--out: empty file name");
        return -1;
    }
    if (len + 16 >= PATH_MAX) {
        snprintf(err, errlen, "--out: file name too long");
        return -1;
    }
    if (md[len - 1] == '/') {
        snprintf(err, errlen, "--out %s: a file name is needed, not a directory", md);
        return -1;
    }
    snprintf(out->md, sizeof out->md, "%s", md);
    char stem[PATH_MAX];
    snprintf(stem, sizeof stem, "%s", md);
    if (len > 3 && strcmp(stem + len - 3, ".md") == 0)
        stem[len - 3] = '\0';
    snprintf(out->json, sizeof out->json, "%.*s.json", PATH_MAX - 8, stem);
    for (int c = 0; c < REPORT_CHART_COUNT; c++)
        snprintf(out->chart[c], sizeof out->chart[c], "%.*s%s", PATH_MAX - 16, stem,
                 chart_suffix[c]);
    return 0;
}

static int refuse_existing(const char *path, bool force, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: is a directory", path);
        return -1;
    }
    if (!force) {
        snprintf(err, errlen, "%s: exists (--force replaces it)", path);
        return -1;
    }
    return 0;
}

int capstone_check(const capstone_paths *p, bool with_json, bool force, char *err, size_t errlen)
{
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", p->md);
    const char *dir = dirname(copy);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: no such directory for the report", dir);
        return -1;
    }
    if (refuse_existing(p->md, force, err, errlen) != 0 ||
        (with_json && refuse_existing(p->json, force, err, errlen) != 0))
        return -1;
    for (int c = 0; c < REPORT_CHART_COUNT; c++)
        if (refuse_existing(p->chart[c], force, err, errlen) != 0)
            return -1;
    return 0;
}

int capstone_run_from_results(const results *r, const report_counters *c, const char *command,
                              report_run *run, char **json_text, char *err, size_t errlen)
{
    *json_text = NULL;
    memset(run, 0, sizeof *run);
    json_t *root = report_json_document(r, c);
    if (!root) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (command)
        json_object_set_new(root, "command", json_string(command));
    /* the same flags as bench's JSON: the report shows the numbers as saved */
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (report_run_parse(text, strlen(text), "this run", run, err, errlen) != 0) {
        free(text);
        return -1;
    }
    *json_text = text;
    return 0;
}

static int write_text(const char *path, const char *text, bool force, char *err, size_t errlen)
{
    atomic_file f;
    int rc = force ? atomic_file_open(&f, path, err, errlen)
                   : atomic_file_open_new(&f, path, err, errlen);
    if (rc != 0)
        return -1;
    fputs(text, f.fp);
    fputc('\n', f.fp);
    return atomic_file_commit(&f, err, errlen);
}

int capstone_write(report_doc *doc, const capstone_paths *p, const char *json_text, bool force,
                   char *err, size_t errlen)
{
    const char *charts[REPORT_CHART_COUNT];
    for (int c = 0; c < REPORT_CHART_COUNT; c++)
        charts[c] = p->chart[c];
    if (charts_draw(doc, charts, force, err, errlen) != 0)
        return -1;
    static char json_link[PATH_MAX];
    if (json_text) {
        if (write_text(p->json, json_text, force, err, errlen) != 0)
            return -1;
        const char *slash = strrchr(p->json, '/');
        snprintf(json_link, sizeof json_link, "%s", slash ? slash + 1 : p->json);
        doc->json_file = json_link;
    }
    atomic_file f;
    int rc = force ? atomic_file_open(&f, p->md, err, errlen)
                   : atomic_file_open_new(&f, p->md, err, errlen);
    if (rc != 0)
        return -1;
    if (report_markdown_write(doc, f.fp) != 0) {
        snprintf(err, errlen, "%s: cannot write: %s", p->md, strerror(errno ? errno : EIO));
        atomic_file_abort(&f);
        return -1;
    }
    return atomic_file_commit(&f, err, errlen);
}

/* Characters a shell leaves alone in a word. */
static bool shell_plain(const char *s)
{
    if (!s[0])
        return false;
    for (const char *p = s; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+%@", *p))
            return false;
    return true;
}

void capstone_command_line(int argc, char **argv, const char *program, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "%s", program);
    for (int i = 0; i < argc && used < len; i++) {
        int n;
        if (shell_plain(argv[i])) {
            n = snprintf(buf + used, len - used, " %s", argv[i]);
        } else { /* 'it'\''s' */
            n = snprintf(buf + used, len - used, " '");
            for (const char *p = argv[i]; *p && n >= 0 && used + (size_t)n < len; p++) {
                int m = *p == '\'' ? snprintf(buf + used + n, len - used - n, "'\\''")
                                   : snprintf(buf + used + n, len - used - n, "%c", *p);
                n += m;
            }
            if (used + (size_t)n < len)
                n += snprintf(buf + used + n, len - used - n, "'");
        }
        if (n < 0)
            break;
        used += (size_t)n;
    }
}
