"""The case domain's records (front door, cases, episodes and the work on them)."""
