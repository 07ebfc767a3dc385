/* The help overlay: every key from the key table, one line per action. Any key closes it
 * (q included, as in htop); how to quit is always on screen, however small. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "view.h"

#define HELP_LINES 48

void panel_help(int rows, int cols, const view *v)
{
    (void)v;
    int count;
    const key_binding *table = keys_table(&count);
    /* one line per (action, arg): all its keys, then the help of its first binding */
    char lines[HELP_LINES][160];
    int n = 0;
    for (int i = 0; i < count && n < HELP_LINES; i++) {
        bool seen = false;
        for (int j = 0; j < i; j++)
            seen = seen || (table[j].action == table[i].action && table[j].arg == table[i].arg);
        if (seen)
            continue;
        char keys[64] = "";
        for (int j = i; j < count; j++) {
            if (table[j].action != table[i].action || table[j].arg != table[i].arg)
                continue;
            if (keys[0])
                strncat(keys, " ", sizeof keys - strlen(keys) - 1);
            strncat(keys, table[j].name, sizeof keys - strlen(keys) - 1);
        }
        snprintf(lines[n++], sizeof lines[0], "%-9s %s", keys, table[i].help);
    }
    int h = n + 4, w = 64;
    if (h > rows)
        h = rows;
    if (w > cols)
        w = cols;
    if (h < 3 || w < 10)
        return;
    rect box = {
        .visible = true, .y = (rows - h) / 2, .x = (cols - w) / 2, .h = h, .w = w, .boxed = true};
    for (int y = 0; y < h; y++)
        mvhline(box.y + y, box.x, ' ', w);
    screen_box(&box, "help: tttop keys");
    /* the closing hint keeps the last line; the keys fill what is left above it */
    const int inner = h - 2, shown = n < inner - 1 ? n : inner - 1;
    for (int i = 0; i < shown; i++)
        screen_put(&box, i, 1, ROLE_TEXT, lines[i]);
    screen_put(&box, inner - 1, 1, ROLE_KEY,
               shown < n ? "any key closes; q then quits (more in a bigger window)"
                         : "any key closes this help; q then quits");
}
