"""Placeholder: chronology events of assessments."""
