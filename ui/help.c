/* The help overlay: every key from the key table, grouped by what it does. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "view.h"

void panel_help(int rows, int cols, const view *v)
{
    (void)v;
    int count;
    const key_binding *table = keys_table(&count);
    /* one line per action: all its keys, then the help of its first binding */
    char lines[32][160];
    int n = 0;
    for (int i = 0; i < count && n < 32; i++) {
        bool seen = false;
        for (int j = 0; j < i; j++)
            seen = seen || table[j].action == table[i].action;
        if (seen)
            continue;
        char keys[64] = "";
        for (int j = i; j < count; j++) {
            if (table[j].action != table[i].action)
                continue;
            if (keys[0])
                strncat(keys, " ", sizeof keys - strlen(keys) - 1);
            strncat(keys, table[j].name, sizeof keys - strlen(keys) - 1);
        }
        snprintf(lines[n++], sizeof lines[0], "%-18s %s", keys, table[i].help);
    }
    int h = n + 4, w = 72;
    if (h > rows)
        h = rows;
    if (w > cols)
        w = cols;
    rect box = {.visible = true, .y = (rows - h) / 2, .x = (cols - w) / 2, .h = h, .w = w,
                .boxed = true};
    for (int y = 0; y < h; y++)
        mvhline(box.y + y, box.x, ' ', w);
    screen_box(&box, "help: tttop keys");
    for (int i = 0; i < n; i++)
        screen_put(&box, i, 1, ROLE_TEXT, lines[i]);
    screen_put(&box, h - 3, 1, ROLE_LABEL, "any key closes this help");
}
