"""The "open work" registry: apps say what keeps an episode open; closure asks them all."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from casework.core import open_work
from casework.core.open_work import (
    open_work_for,
    open_work_registered,
    register_open_work,
    unregister_open_work,
)


@pytest.fixture(autouse=True)
def only_the_finders_these_tests_register(monkeypatch):
    """The registry's own rules, without the finders the apps register when they start."""
    monkeypatch.setattr(open_work, "_finders", {})


def test_a_registered_finder_is_consulted_about_an_episode():
    episode = SimpleNamespace(pk="episode-1")
    calls = []

    def assessments(*, person_id, episode):
        calls.append((person_id, episode))
        return ["Assessment started 3 March 2026"]

    with open_work_registered("test-assessments", assessments):
        assert open_work_for(episode=episode) == ["Assessment started 3 March 2026"]

    assert calls == [(None, episode)]
    assert "test-assessments" not in open_work._finders  # unregistered after the block


def test_a_person_is_passed_to_finders_as_its_primary_key():
    seen = []
    with open_work_registered("test-plans", lambda *, person_id, episode: seen.append(person_id) or []):
        assert open_work_for(person=SimpleNamespace(pk=42)) == []
        assert open_work_for(person=7) == []
    assert seen == [42, 7]


def test_every_finder_contributes_in_registration_order():
    with (
        open_work_registered("test-a", lambda **kw: ["Assessment started 3 March 2026"]),
        open_work_registered("test-b", lambda **kw: []),
        open_work_registered("test-c", lambda **kw: ("CIN plan", "Section 47 enquiry")),
    ):
        assert open_work_for(person=1) == ["Assessment started 3 March 2026", "CIN plan", "Section 47 enquiry"]


def test_nothing_open_means_an_empty_list():
    with open_work_registered("test-empty", lambda **kw: []):
        assert open_work_for(episode=object()) == []


def test_registering_again_under_a_name_replaces_the_finder_and_the_block_restores_it():
    register_open_work("test-replace", lambda **kw: ["first"])
    try:
        with open_work_registered("test-replace", lambda **kw: ["second"]):
            assert "second" in open_work_for(person=1)
            assert "first" not in open_work_for(person=1)
        assert "first" in open_work_for(person=1)
    finally:
        unregister_open_work("test-replace")
    assert "test-replace" not in open_work._finders


def test_unregistering_an_unknown_name_does_nothing():
    unregister_open_work("never-registered")


def test_exactly_one_of_person_or_episode_is_required():
    with pytest.raises(TypeError):
        open_work_for()
    with pytest.raises(TypeError):
        open_work_for(person=1, episode=object())


def test_a_finder_returning_something_other_than_descriptions_is_an_error():
    with open_work_registered("test-bad", lambda **kw: [None]), pytest.raises(TypeError, match="test-bad"):
        open_work_for(person=1)


def test_a_finder_that_fails_stops_the_check_rather_than_letting_closure_through():
    def broken(**kw):
        raise RuntimeError("database unavailable")

    with open_work_registered("test-broken", broken), pytest.raises(RuntimeError):
        open_work_for(person=1)


def test_registration_needs_a_callable():
    with pytest.raises(ValueError):
        register_open_work("test-not-callable", "not a function")
