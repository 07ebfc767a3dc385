/* The help overlay: every key from the key table, one line per action. Any key closes it
 * (q included, as in htop); how to quit is always on screen, however small. In the demo,
 * its keys come first. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "view.h"

#define HELP_LINES 48

void panel_help(int rows, int cols, const view *v)
{
    int count;
    const key_binding *table = keys_table_mode(v->demo != NULL, &count);
    /* one line per (action, arg): all its keys, then the help of its first binding */
    char lines[HELP_LINES][160], names[HELP_LINES][64];
    const char *helps[HELP_LINES];
    int n = 0, width = 9;
    for (int i = 0; i < count && n < HELP_LINES; i++) {
        bool seen = false;
        for (int j = 0; j < i; j++)
            seen = seen || (table[j].action == table[i].action && table[j].arg == table[i].arg);
        if (seen)
            continue;
        char *keys = names[n];
        keys[0] = '\0';
        for (int j = i; j < count; j++) {
            if (table[j].action != table[i].action || table[j].arg != table[i].arg)
                continue;
            bool named = false; /* Backspace has three codes, one name */
            for (int k = i; k < j; k++)
                named =
                    named || (table[k].action == table[j].action && table[k].arg == table[j].arg &&
                              strcmp(table[k].name, table[j].name) == 0);
            if (named)
                continue;
            if (keys[0])
                strncat(keys, " ", sizeof names[0] - strlen(keys) - 1);
            strncat(keys, table[j].name, sizeof names[0] - strlen(keys) - 1);
        }
        if ((int)strlen(keys) > width && strlen(keys) <= 24)
            width = (int)strlen(keys);
        helps[n++] = table[i].help;
    }
    for (int i = 0; i < n; i++)
        snprintf(lines[i], sizeof lines[0], "%-*.24s %.120s", width, names[i], helps[i]);
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
    screen_box(&box, v->demo ? "help: tttop demo keys" : "help: tttop keys");
    /* the closing hint keeps the last line; the keys fill what is left above it */
    const int inner = h - 2, shown = n < inner - 1 ? n : inner - 1;
    for (int i = 0; i < shown; i++)
        screen_put(&box, i, 1, ROLE_TEXT, lines[i]);
    screen_put(&box, inner - 1, 1, ROLE_KEY,
               shown < n ? "any key closes; q then quits (more in a bigger window)"
                         : "any key closes this help; q then quits");
}
