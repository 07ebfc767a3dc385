#include "screen.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "report/format.h"

atomic_int screen_stop_signal;

static bool active, use_utf8;
static int attrs[ROLE_COUNT];

static void on_stop(int sig)
{
    atomic_store(&screen_stop_signal, sig);
}

static void restore_at_exit(void)
{
    screen_close();
}

static void set_roles(bool color)
{
    static const struct {
        screen_role role;
        short fg, bg;
        int extra, mono;
    } roles[] = {
        {ROLE_TEXT, -1, -1, 0, 0},
        {ROLE_TITLE, COLOR_CYAN, -1, A_BOLD, A_BOLD},
        {ROLE_LABEL, -1, -1, A_DIM, 0},
        {ROLE_VALUE, -1, -1, A_BOLD, A_BOLD},
        {ROLE_KEY, COLOR_YELLOW, -1, A_BOLD, A_BOLD},
        {ROLE_GOOD, COLOR_GREEN, -1, A_BOLD, 0},
        {ROLE_BAD, COLOR_RED, -1, A_BOLD, A_BOLD},
        {ROLE_CHART, COLOR_GREEN, -1, 0, 0},
        {ROLE_SELECT, COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
        {ROLE_BAR, COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
    };
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        if (!color) {
            attrs[roles[i].role] = roles[i].mono;
            continue;
        }
        short pair = (short)(i + 1);
        init_pair(pair, roles[i].fg, roles[i].bg);
        attrs[roles[i].role] = COLOR_PAIR(pair) | roles[i].extra;
    }
}

int screen_check_terminal(char *err, size_t errlen)
{
    const char *term = getenv("TERM");
    if (!term || !term[0]) {
        snprintf(err, errlen,
                 "TERM is not set, so the dashboard cannot drive this terminal; "
                 "for measurements without one use `tttop bench`");
        return -1;
    }
    int rc = 0;
    char q[96];
    format_quoted(q, sizeof q, term);
    if (setupterm(term, STDOUT_FILENO, &rc) != OK) {
        snprintf(err, errlen,
                 "unknown terminal type %s (TERM); set TERM to one this "
                 "system knows, or use `tttop bench`",
                 q);
        return -1;
    }
    const char *cup = tigetstr("cup");
    /* terminfo's way of saying "not a string capability" is (char *)-1 */
    const bool addressable = cup && cup != (char *)-1; // NOLINT(performance-no-int-to-ptr)
    del_curterm(cur_term);
    if (!addressable) {
        snprintf(err, errlen,
                 "the terminal %s cannot place the cursor, so the dashboard "
                 "cannot run in it; use `tttop bench`",
                 q);
        return -1;
    }
    return 0;
}

int screen_open(bool no_color, bool ascii, screen_caps *caps)
{
    setlocale(LC_ALL, "");
    use_utf8 = !ascii && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    if (!initscr())
        return -1;
    active = true;
    atexit(restore_at_exit);
    /* Esc closes the help at once, not after ncurses' default second */
    set_escdelay(25);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    bool color = !no_color && has_colors();
    if (color) {
        start_color();
        use_default_colors();
    }
    set_roles(color);
    caps->color = color;
    caps->utf8 = use_utf8;
    return 0;
}

const char *screen_curses_version(void)
{
    return curses_version();
}

void screen_close(void)
{
    if (!active)
        return;
    active = false;
    curs_set(1);
    endwin();
}

const char *screen_library_version(void)
{
    const char *v = curses_version(); /* "ncurses 6.4.20221231" */
    return strncmp(v, "ncurses ", 8) == 0 ? v + 8 : v;
}

int screen_attr(screen_role role)
{
    return attrs[role];
}

rect screen_inner(const rect *r)
{
    rect in = *r;
    if (r->boxed) {
        in.y++;
        in.x++;
        in.h -= 2;
        in.w -= 2;
        in.boxed = false;
    }
    return in;
}

/* Bytes of text that make up at most `cells` code points. */
static size_t clip(const char *text, int cells)
{
    size_t i = 0;
    int used = 0;
    while (text[i] && used < cells) {
        i++;
        while ((text[i] & 0xC0) == 0x80)
            i++;
        used++;
    }
    return i;
}

int screen_put(const rect *r, int y, int x, screen_role role, const char *text)
{
    rect in = screen_inner(r);
    if (y < 0 || y >= in.h || x < 0 || x >= in.w)
        return 0;
    size_t bytes = clip(text, in.w - x);
    attron(attrs[role]);
    mvaddnstr(in.y + y, in.x + x, text, (int)bytes);
    attroff(attrs[role]);
    int cells = 0;
    for (size_t i = 0; i < bytes; i++)
        cells += (text[i] & 0xC0) != 0x80;
    return cells;
}

int screen_printf(const rect *r, int y, int x, screen_role role, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return screen_put(r, y, x, role, buf);
}

void screen_box(const rect *r, const char *title)
{
    if (!r->visible || r->h < 2 || r->w < 2)
        return;
    const char *h = use_utf8 ? "\u2500" : "-", *v = use_utf8 ? "\u2502" : "|";
    const char *tl = use_utf8 ? "\u250c" : "+", *tr = use_utf8 ? "\u2510" : "+";
    const char *bl = use_utf8 ? "\u2514" : "+", *br = use_utf8 ? "\u2518" : "+";
    int a = attrs[ROLE_LABEL];
    attron(a);
    for (int x = 1; x < r->w - 1; x++) {
        mvaddstr(r->y, r->x + x, h);
        mvaddstr(r->y + r->h - 1, r->x + x, h);
    }
    for (int y = 1; y < r->h - 1; y++) {
        mvaddstr(r->y + y, r->x, v);
        mvaddstr(r->y + y, r->x + r->w - 1, v);
    }
    mvaddstr(r->y, r->x, tl);
    mvaddstr(r->y, r->x + r->w - 1, tr);
    mvaddstr(r->y + r->h - 1, r->x, bl);
    mvaddstr(r->y + r->h - 1, r->x + r->w - 1, br);
    attroff(a);
    if (title && r->w > 6) {
        char buf[256];
        snprintf(buf, sizeof buf, " %s ", title);
        size_t bytes = clip(buf, r->w - 4);
        attron(attrs[ROLE_TITLE]);
        mvaddnstr(r->y, r->x + 2, buf, (int)bytes);
        attroff(attrs[ROLE_TITLE]);
    }
}
