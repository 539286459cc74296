"""Chronologies built from every recorded event and curated by people."""
