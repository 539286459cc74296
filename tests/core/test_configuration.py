"""Configuration comes from the environment; production settings pass Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k9V!x2#pQ7r@L1m$Z8w%T4y^B6n&H3s*J5d(F0g)C9v_A2e+R7u=M1q~P8o",
    "ALLOWED_HOSTS": "casework.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://casework.example.org",
    "DATABASE_URL": "postgres://casework:secret@db.internal:5432/casework",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "LA_CODE": "201",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "HTTPS"}
    for name in ("STATICFILES_MANIFEST", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        clean.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_in_production_fails_fast_naming_the_variable():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_bad_boolean_is_a_clear_error():
    result = manage("check", env={**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_settings_follow_the_environment(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
    assert settings.AUTH_USER_MODEL == "core.User"
    assert settings.CELERY_TASK_ALWAYS_EAGER is True  # no broker configured in tests
