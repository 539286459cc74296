"""Journey: a social worker opens a family's genogram from the family page, redraws it as at an
earlier date, then opens the child's eco-map from her record. Each drawing is inline with an
accessible name (axe's svg-img-alt), its text alternative lists the people and systems, and the
page's CSP lets the drawing's own style through without any console error."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_check, sign_in
from tests.families.test_drawings_data import smith_household

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_reads_the_genogram_and_the_childs_eco_map(page, allocated_worker):
    # Given a demo-like family held by the worker's team
    smiths = smith_household(allocated_worker)
    sign_in(page, allocated_worker)

    # When she opens the family page, a small genogram and the links are there
    page.goto(f"/families/{smiths.family.pk}/")
    thumbnail = page.locator("img.cw-drawing-thumb")
    thumbnail.wait_for()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", thumbnail.element_handle())
    axe_check(page, name="family page with its genogram")

    # And opens the genogram
    page.get_by_role("link", name=re.compile("Open the genogram")).click()
    page.wait_for_url("**/genogram/")
    drawing = page.get_by_role("img", name="Genogram of the Smith family")
    assert drawing.is_visible()
    assert page.locator(f'svg [data-person-id="{smiths.ava.pk}"]').count() == 1
    people = page.locator("#genogram-people").inner_text()
    for name in ("Ava Smith", "Leo Smith", "Kim Smith", "Dan Brown", "Rob Smith"):
        assert name in people
    # The SVG's own <style> applied (allowed by its hash): lines are drawn in the style's stroke
    stroke = page.evaluate("() => getComputedStyle(document.querySelector('svg .gx-line')).stroke")
    assert stroke in ("rgb(11, 12, 12)", "#0b0c0c")
    axe_check(page, name="genogram")

    # When she redraws it as at a date before Leo was born
    page.fill("#as_at-day", "1")
    page.fill("#as_at-month", "1")
    page.fill("#as_at-year", "2017")
    page.get_by_role("button", name="Redraw").click()
    page.wait_for_url("**as_at-year=2017**")
    assert page.locator(f'svg [data-person-id="{smiths.leo.pk}"]').count() == 0
    assert "Drawn as at 1 January 2017" in page.inner_text("main")

    # Then, from Ava's record, she opens Ava's eco-map
    page.goto(f"/people/{smiths.ava.pk}/")
    page.get_by_role("link", name="Eco-map of Ava Smith").click()
    page.wait_for_url("**/eco-map/")
    assert page.get_by_role("img", name="Eco-map of Ava Smith").is_visible()
    systems = page.locator("#ecomap-systems").inner_text()
    for name in ("Oakfield Primary", "Gran Smith", "Riverside Football Club", "Dr Patel", "Mr Khan"):
        assert name in systems
    assert page.locator("svg [data-connection-id]").count() == len(smiths.connections)
    axe_check(page, name="child's eco-map")
    assert page.console_errors == []
