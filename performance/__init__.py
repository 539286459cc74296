"""Statutory returns, the quality-and-timeliness dashboard and export kinds."""
