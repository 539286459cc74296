"""Tests of performance and returns: the CIN census (derivation, XML, export job, validation)."""
