"""Test-only pages (never in production URLs): used through @pytest.mark.urls("tests.support.urls")."""
