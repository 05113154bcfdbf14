"""The foundation's figures, computed from the platform with SQL aggregates in a fixed number of queries.

- `series`: schools, ambassadors, placements and FTE per school year and region, history and platform in one series;
- `year`: one school year in depth (placements, hours freed, relief, channels, funding, the ambition);
- `cohorts`: the share of ambassadors who move into education, per cohort, with its denominator and unknowns;
- `tables`: all of these as tables with named columns, for pages, charts and exports.
"""
