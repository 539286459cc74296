"""The quality-and-timeliness dashboard (issue 14): measures, charts and CSV."""
