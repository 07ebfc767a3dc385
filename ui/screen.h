/* The terminal: set up and always restored (q, Ctrl-C, SIGTERM, SIGHUP, exit), colours or
 * monochrome, UTF-8 or ASCII drawing, and clipped text output. */
#ifndef TTTOP_SCREEN_H
#define TTTOP_SCREEN_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

typedef enum screen_role {
    ROLE_TEXT = 0,
    ROLE_TITLE, /* panel titles, header */
    ROLE_LABEL, /* dim labels */
    ROLE_VALUE, /* numbers */
    ROLE_KEY,   /* key names */
    ROLE_GOOD,  /* check ok, faster */
    ROLE_BAD,   /* check failed, errors, unavailable */
    ROLE_CHART,
    ROLE_SELECT, /* the current variant's row */
    ROLE_BAR,    /* key bar background */
    ROLE_COUNT,
} screen_role;

typedef struct screen_caps {
    bool color;
    bool utf8;
} screen_caps;

/* Stop signals set this; the main loop restores the terminal and exits. Atomic, not
 * sig_atomic_t: the kernel may run the handler on any thread (the runner's, OpenBLAS's),
 * and a lock-free atomic is safe in a handler and between threads. */
extern atomic_int screen_stop_signal;

/* 0 when TERM names a terminal that can place the cursor; else -1 with a one-line message
 * (checked before anything else starts, so that nothing is created for nothing). */
int screen_check_terminal(char *err, size_t errlen);
int screen_open(bool no_color, bool ascii, screen_caps *caps);
/* The curses library's version ("ncurses 6.4.20221231"). */
const char *screen_curses_version(void);
void screen_close(void);
/* The terminal library's version ("6.4.20221231"), for the report's machine facts. */
const char *screen_library_version(void);
int screen_attr(screen_role role);

/* Text at (y, x) inside r (relative to its content area), clipped to the area's width.
 * Counts UTF-8 code points as one cell each. Returns the cells written. */
int screen_put(const rect *r, int y, int x, screen_role role, const char *text);
int screen_printf(const rect *r, int y, int x, screen_role role, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* A border with a title, in box-drawing characters or ASCII. */
void screen_box(const rect *r, const char *title);
/* The content area of r (inside the border when boxed). */
rect screen_inner(const rect *r);

#endif
