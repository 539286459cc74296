"""Assessment templates kept as data, and assessments."""
