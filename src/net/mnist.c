#include "net/mnist.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define IMAGES_HEADER 16
#define LABELS_HEADER 8

static void gz_message(gzFile gz, const char *path, char *err, size_t errlen);

/* The whole (decompressed) content of a regular file; gzread reads a plain file as it is. */
static int read_all(const char *path, unsigned char **data, size_t *len, char *err, size_t errlen)
{
    *data = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO must not hang the program before fstat refuses it */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        snprintf(err, errlen, "%s: out of memory", path);
        close(fd);
        return -1;
    }
    size_t cap = 1u << 16, used = 0;
    unsigned char *buf = malloc(cap);
    int rc = buf ? 0 : -1;
    if (!buf)
        snprintf(err, errlen, "%s: out of memory", path);
    while (rc == 0) {
        if (used == cap) {
            if (cap >= MNIST_MAX_BYTES) {
                snprintf(err, errlen, "%s: larger than %u MiB: not an MNIST file", path,
                         MNIST_MAX_BYTES >> 20);
                rc = -1;
                break;
            }
            unsigned char *grown = realloc(buf, 2 * cap);
            if (!grown) {
                snprintf(err, errlen, "%s: out of memory", path);
                rc = -1;
                break;
            }
            buf = grown;
            cap *= 2;
        }
        size_t want = cap - used > (1u << 30) ? (1u << 30) : cap - used;
        int n = gzread(gz, buf + used, (unsigned)want);
        if (n < 0) {
            gz_message(gz, path, err, errlen);
            rc = -1;
        } else if (n == 0) {
            break;
        } else {
            used += (size_t)n;
        }
    }
    /* a gzip stream cut short reads as a short file; zlib says so only here */
    int code = Z_OK;
    if (rc == 0) {
        gzerror(gz, &code);
        if (code != Z_OK && code != Z_STREAM_END) {
            gz_message(gz, path, err, errlen);
            rc = -1;
        }
    }
    gzclose(gz);
    if (rc != 0) {
        free(buf);
        return -1;
    }
    *data = buf;
    *len = used;
    return 0;
}

/* zlib's message without the "<fd:3>: " it puts before it, as corrupt compressed data. */
static void gz_message(gzFile gz, const char *path, char *err, size_t errlen)
{
    int code;
    const char *msg = gzerror(gz, &code);
    if (code == Z_ERRNO) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return;
    }
    if (msg && strncmp(msg, "<fd:", 4) == 0 && strstr(msg, ": "))
        msg = strstr(msg, ": ") + 2;
    snprintf(err, errlen, "%s: corrupt gzip data (%s)", path, msg && msg[0] ? msg : "read error");
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int check_magic(const char *path, const unsigned char *data, size_t len, uint32_t want,
                       const char *what, char *err, size_t errlen)
{
    if (len < 4) {
        snprintf(err, errlen, "%s: truncated: %zu bytes, not an IDX %s file", path, len, what);
        return -1;
    }
    const uint32_t magic = be32(data);
    if (magic != want) {
        const uint32_t other = want == MNIST_IMAGES_MAGIC ? MNIST_LABELS_MAGIC : MNIST_IMAGES_MAGIC;
        snprintf(err, errlen, "%s: not an IDX %s file (magic 0x%08x, expected 0x%08x%s)", path,
                 what, (unsigned)magic, (unsigned)want,
                 magic == other
                     ? want == MNIST_IMAGES_MAGIC ? "; a labels file?" : "; an images file?"
                     : "");
        return -1;
    }
    return 0;
}

/* The header's count against the bytes present: neither fewer nor more. */
static int check_length(const char *path, size_t len, size_t header, uint64_t count, size_t item,
                        const char *items, char *err, size_t errlen)
{
    const uint64_t need = header + count * item;
    const uint64_t held = len > header ? (len - header) / item : 0;
    if (len < need) {
        snprintf(err, errlen, "%s: truncated: the header announces %llu %s, the file holds %llu",
                 path, (unsigned long long)count, items, (unsigned long long)held);
        return -1;
    }
    if (len > need) {
        snprintf(err, errlen, "%s: %llu bytes after the last of the %llu %s announced", path,
                 (unsigned long long)(len - need), (unsigned long long)count, items);
        return -1;
    }
    if (count == 0) {
        snprintf(err, errlen, "%s: holds no %s", path, items);
        return -1;
    }
    return 0;
}

int mnist_parse_images(const char *path, unsigned char *data, size_t len, unsigned char **pixels,
                       int *count, char *err, size_t errlen)
{
    *pixels = NULL;
    *count = 0;
    int rc = check_magic(path, data, len, MNIST_IMAGES_MAGIC, "images", err, errlen);
    if (rc == 0 && len < IMAGES_HEADER) {
        snprintf(err, errlen, "%s: truncated: %zu bytes, shorter than an IDX images header", path,
                 len);
        rc = -1;
    }
    uint32_t n = 0;
    if (rc == 0) {
        n = be32(data + 4);
        const uint32_t rows = be32(data + 8), cols = be32(data + 12);
        if (rows != DATASET_SIDE || cols != DATASET_SIDE) {
            snprintf(err, errlen, "%s: images of %ux%u pixels; the network takes MNIST's %dx%d",
                     path, (unsigned)rows, (unsigned)cols, DATASET_SIDE, DATASET_SIDE);
            rc = -1;
        } else if (n > INT_MAX) {
            snprintf(err, errlen, "%s: %u images announced: too many", path, (unsigned)n);
            rc = -1;
        } else {
            rc = check_length(path, len, IMAGES_HEADER, n, DATASET_PIXELS, "images", err, errlen);
        }
    }
    if (rc != 0) {
        free(data);
        return -1;
    }
    /* keep only the pixels: move them to the front and give the rest back */
    const size_t bytes = (size_t)n * DATASET_PIXELS;
    memmove(data, data + IMAGES_HEADER, bytes);
    unsigned char *shrunk = realloc(data, bytes ? bytes : 1);
    if (shrunk) /* else the larger block serves as well */
        data = shrunk;
    *pixels = data;
    *count = (int)n;
    return 0;
}

int mnist_read_images(const char *path, unsigned char **pixels, int *count, char *err,
                      size_t errlen)
{
    unsigned char *data;
    size_t len;
    *pixels = NULL;
    *count = 0;
    if (read_all(path, &data, &len, err, errlen) != 0)
        return -1;
    return mnist_parse_images(path, data, len, pixels, count, err, errlen);
}

int mnist_parse_labels(const char *path, const unsigned char *data, size_t len, int **labels,
                       int *count, char *err, size_t errlen)
{
    *labels = NULL;
    *count = 0;
    int rc = check_magic(path, data, len, MNIST_LABELS_MAGIC, "labels", err, errlen);
    if (rc == 0 && len < LABELS_HEADER) {
        snprintf(err, errlen, "%s: truncated: %zu bytes, shorter than an IDX labels header", path,
                 len);
        rc = -1;
    }
    const uint32_t n = rc == 0 ? be32(data + 4) : 0;
    if (rc == 0 && n > INT_MAX) {
        snprintf(err, errlen, "%s: %u labels announced: too many", path, (unsigned)n);
        rc = -1;
    }
    if (rc == 0)
        rc = check_length(path, len, LABELS_HEADER, n, 1, "labels", err, errlen);
    int *out = NULL;
    if (rc == 0 && !(out = malloc((size_t)n * sizeof *out))) {
        snprintf(err, errlen, "%s: out of memory", path);
        rc = -1;
    }
    for (uint32_t i = 0; rc == 0 && i < n; i++) {
        const unsigned char v = data[LABELS_HEADER + i];
        if (v > 9) {
            snprintf(err, errlen, "%s: label %u of item %u is not a digit 0..9", path, v,
                     (unsigned)i);
            rc = -1;
        }
        out[i] = v;
    }
    if (rc != 0) {
        free(out);
        return -1;
    }
    *labels = out;
    *count = (int)n;
    return 0;
}

int mnist_read_labels(const char *path, int **labels, int *count, char *err, size_t errlen)
{
    unsigned char *data;
    size_t len;
    *labels = NULL;
    *count = 0;
    if (read_all(path, &data, &len, err, errlen) != 0)
        return -1;
    const int rc = mnist_parse_labels(path, data, len, labels, count, err, errlen);
    free(data);
    return rc;
}

/* DIR/NAME, or DIR/NAME.gz when only that exists; the plain name when neither does. */
static int find_file(const char *dir, const char *name, char *path, size_t len, char *err,
                     size_t errlen)
{
    struct stat st;
    if (snprintf(path, len, "%s/%s", dir, name) >= (int)len) {
        snprintf(err, errlen, "--data: directory name too long");
        return -1;
    }
    if (stat(path, &st) == 0)
        return 0;
    snprintf(path, len, "%s/%s.gz", dir, name);
    if (stat(path, &st) == 0)
        return 0;
    snprintf(err, errlen, "%s/%s: no such file (nor %s.gz): the MNIST training set is needed", dir,
             name, name);
    return -1;
}

int mnist_load(const char *dir, dataset *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    struct stat st;
    if (stat(dir, &st) != 0) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: not a directory (the one holding %s)", dir, MNIST_IMAGES_FILE);
        return -1;
    }
    char images[PATH_MAX], labels[PATH_MAX];
    if (find_file(dir, MNIST_IMAGES_FILE, images, sizeof images, err, errlen) != 0 ||
        find_file(dir, MNIST_LABELS_FILE, labels, sizeof labels, err, errlen) != 0)
        return -1;
    int nimages, nlabels;
    if (mnist_read_images(images, &d->pixels, &nimages, err, errlen) != 0)
        return -1;
    if (mnist_read_labels(labels, &d->labels, &nlabels, err, errlen) != 0) {
        dataset_free(d);
        return -1;
    }
    if (nimages != nlabels) {
        snprintf(err, errlen, "%s: %d images but %s holds %d labels", images, nimages, labels,
                 nlabels);
        dataset_free(d);
        return -1;
    }
    d->count = nimages;
    return 0;
}

int mnist_use(const char *dir, char *err, size_t errlen)
{
    dataset d;
    if (mnist_load(dir, &d, err, errlen) != 0)
        return -1;
    char description[300];
    snprintf(description, sizeof description, "MNIST training set: %d images from %.200s", d.count,
             dir);
    dataset_use(&d, description);
    return 0;
}
