"""The Children in Need census, derived from the practice record (returns.md section 1)."""
