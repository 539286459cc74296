"""Sections later apps add to the family's case page (casework.case_page): shown in order with
their own context, left out when their function returns None, never a dead heading."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from casework.case_page import register_case_section, unregister_case_section
from tests.casework.pages_cases_helpers import body, new_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe_sections(settings, tmp_path):
    """Two sections: one for writers only (None for readers), one for everyone."""
    engines = copy.deepcopy(settings.TEMPLATES)
    engines[0]["DIRS"] = [*engines[0]["DIRS"], str(tmp_path)]
    settings.TEMPLATES = engines  # reassigned, so Django rebuilds its template engines
    (tmp_path / "probe_section.html").write_text('<p class="probe">{{ section.context.words }}</p>')

    def writers_only(request, case, page, records):
        return {"words": f"Writers see {case.family.name}"} if records["can_write"] else None

    def everyone(request, case, page, records):
        return {"words": f"{len(page.children)} children shown"}

    register_case_section(2, "probe_b", "probe_section.html", everyone)
    register_case_section(1, "probe_a", "probe_section.html", writers_only)
    yield
    unregister_case_section("probe_a")
    unregister_case_section("probe_b")


def test_sections_show_in_order_and_only_when_they_apply(
    client, probe_sections, front_door_worker, north, manager, allocated_worker, auditor
):
    case = new_case(front_door_worker, north, "Ireland", children=2, manager=manager, worker=allocated_worker)
    url = reverse("casework:case_detail", kwargs={"case_id": case.pk})

    client.force_login(allocated_worker)
    html = body(client.get(url))
    assert "Writers see Ireland family" in html and "2 children shown" in html
    assert html.index("Writers see Ireland family") < html.index("2 children shown")

    client.force_login(auditor)
    html = body(client.get(url))
    assert "Writers see" not in html and "2 children shown" in html


def test_registering_needs_a_name_a_template_and_a_function():
    with pytest.raises(ValueError):
        register_case_section(1, "", "x.html", lambda *a: {})
    with pytest.raises(ValueError):
        register_case_section(1, "x", "x.html", None)  # type: ignore[arg-type]
