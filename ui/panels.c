/* The panels the layout can place, in panel_id order. */
#include "view.h"

const panel panels[PANEL_COUNT] = {
    [PANEL_HEADER] = {"header", panel_header},
    [PANEL_STATUS] = {"status", panel_status},
    [PANEL_EXPERIMENT] = {"experiment", panel_experiment},
    [PANEL_READINGS] = {"readings", panel_readings},
    [PANEL_COUNTERS] = {"counters", panel_counters},
    [PANEL_CHART] = {"chart", panel_chart},
    [PANEL_LADDER] = {"ladder", panel_ladder},
    [PANEL_PROFILE] = {"profile", panel_profile},
    [PANEL_FOOTER] = {"footer", panel_footer},
    [PANEL_CAPTION] = {"caption", panel_caption},
    [PANEL_SUMMARY] = {"summary", panel_summary},
};
