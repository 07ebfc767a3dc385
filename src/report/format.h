/* Numbers as a person reads them, shared by the dashboard and the text reports.
 * Every function writes at most len bytes (NUL included) and returns buf. */
#ifndef TTTOP_FORMAT_H
#define TTTOP_FORMAT_H

#include <stddef.h>

/* 3 significant digits with a unit: "812 ns", "4.20 us", "1.23 ms", "12.3 s", "2m05s". */
char *format_seconds(char *buf, size_t len, double seconds);
/* "0.82", "13.4", "412" (GFLOP/s, no unit). */
char *format_gflops(char *buf, size_t len, double gflops);
/* "512 B", "48.0 KiB", "1.00 MiB", "3.2 GiB". */
char *format_bytes(char *buf, size_t len, double bytes);
/* Cache sizes as lscpu prints them: "48K", "1M", "32M"; "?" for 0. */
char *format_size_short(char *buf, size_t len, size_t bytes);
/* SI count: "950", "1.23k", "45.6M", "7.89G", "1.20T". */
char *format_count(char *buf, size_t len, double count);
/* A ratio as "38.2x", "1.05x" or "0.62x". */
char *format_ratio(char *buf, size_t len, double ratio);
/* Text from the user or a file, quoted for a one-line message: 'text', with control
 * characters written as \n, \t, \xHH (a message stays one line and cannot drive the
 * terminal); one of 40 bytes or more is cut: '<first 32>...' (N characters). */
char *format_quoted(char *buf, size_t len, const char *text);
/* The same without the quotes (a key in a file: "tuning.ini:3: blocked.block = '0'"). */
char *format_escaped(char *buf, size_t len, const char *text);
/* A whole message with control characters escaped, nothing cut: one line, always. */
char *format_one_line(char *buf, size_t len, const char *text);
/* NAN-aware: writes "n/a" for NAN, else calls fn. */
char *format_or_na(char *buf, size_t len, double value, char *(*fn)(char *, size_t, double));

#endif
