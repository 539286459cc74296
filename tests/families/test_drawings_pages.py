"""Genogram and eco-map pages, the family page's genogram and the child's record part: the
drawing inline in a figure, the "as at" form, the text alternative tables, access and logging."""

from __future__ import annotations

import base64
import datetime
import hashlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.core.access import access_revoke
from casework.core.models import AccessLog
from families import services
from tests.families.conftest import make_family
from tests.families.pages_helpers import body, date_data, restrict
from tests.families.test_drawings_data import smith_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def smiths(allocated_worker, colleague, manager):
    return smith_household(allocated_worker)


def genogram_url(smiths) -> str:
    return reverse("families:family_genogram", kwargs={"family_id": smiths.family.pk})


def family_ecomap_url(smiths) -> str:
    return reverse("families:family_ecomap", kwargs={"family_id": smiths.family.pk})


def person_ecomap_url(smiths) -> str:
    return reverse("families:person_ecomap", kwargs={"person_id": smiths.ava.pk})


def inline_svg(page: str) -> str:
    return re.search(r"<svg .*?</svg>", page, re.S).group(0)


def test_genogram_page_shows_the_drawing_in_a_figure_with_its_text_alternative(client, colleague, smiths):
    client.force_login(colleague)
    response = client.get(genogram_url(smiths))
    page = body(response)
    assert response.status_code == 200
    assert '<figure class="cw-drawing" aria-describedby="genogram-people genogram-unions">' in page
    svg = inline_svg(page)
    assert f'data-person-id="{smiths.ava.pk}"' in svg and 'role="img"' in svg
    assert not re.match(r'<svg[^>]* width="', svg)  # scales to the column
    people = page[page.index('id="genogram-people"') :]
    for name in ("Ava Smith", "Leo Smith", "Kim Smith", "Dan Brown", "Rob Smith"):
        assert name in people
    assert 'id="genogram-unions"' in page and "Rob Smith and Kim Smith" in page[page.index('id="genogram-unions"') :]
    assert "Key to the symbols" in page
    assert 'name="as_at-day"' in page


def test_genogram_page_allows_only_the_drawings_own_style(client, colleague, smiths):
    client.force_login(colleague)
    response = client.get(genogram_url(smiths))
    style = re.search(r"<style>(.*?)</style>", inline_svg(body(response)), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    assert f"'sha256-{digest}'" in policy and "unsafe-inline" not in policy
    assert ' style="' not in body(response)


def test_as_at_date_redraws_the_genogram(client, colleague, smiths):
    client.force_login(colleague)
    today = inline_svg(body(client.get(genogram_url(smiths))))
    response = client.get(genogram_url(smiths), data=date_data("as_at", datetime.date(2017, 1, 1)))
    assert response.status_code == 200
    earlier = inline_svg(body(response))
    assert earlier != today and str(smiths.leo.pk) not in earlier
    assert "Drawn as at 1 January 2017" in body(response)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("30", "2", "2020", "must be a real date"),
        ("1", "1", "2999", "must be today or in the past"),
        ("1", "", "2020", "must include a month"),
    ],
)
def test_bad_as_at_date_shows_the_error_and_keeps_todays_drawing(client, colleague, smiths, day, month, year, message):
    client.force_login(colleague)
    response = client.get(genogram_url(smiths), data={"as_at-day": day, "as_at-month": month, "as_at-year": year})
    page = body(response)
    assert response.status_code == 400
    assert "There is a problem" in page and message in page and 'href="#as_at-day"' in page
    assert f'data-person-id="{smiths.leo.pk}"' in inline_svg(page)


def test_child_ecomap_page_lists_every_connection_and_professional(client, colleague, smiths):
    client.force_login(colleague)
    response = client.get(person_ecomap_url(smiths))
    page = body(response)
    assert response.status_code == 200
    svg = inline_svg(page)
    for tie in smiths.connections:
        assert f'data-connection-id="{tie.pk}"' in svg
    table = page[page.index('id="ecomap-systems"') :]
    for name in ("Oakfield Primary", "Gran Smith", "St Anne&#39;s Church", "Dr Patel", "Mr Khan"):
        assert name in table
    assert "Towards the person" in table and "Stressful" in table
    assert '<figure class="cw-drawing" aria-describedby="ecomap-systems">' in page


def test_family_ecomap_page_centres_the_family(client, colleague, smiths):
    client.force_login(colleague)
    page = body(client.get(family_ecomap_url(smiths)))
    assert f'data-family-id="{smiths.family.pk}"' in inline_svg(page)
    assert "Ava" in page[page.index('id="ecomap-systems"') :]


@pytest.mark.parametrize("url", [genogram_url, family_ecomap_url, person_ecomap_url])
def test_another_team_gets_404_for_the_drawing_pages(client, other_team_worker, smiths, url):
    client.force_login(other_team_worker)
    assert client.get(url(smiths)).status_code == 404


def test_restricted_child_ecomap_page_is_404_for_the_team(client, colleague, manager, smiths):
    restrict(smiths.ava, by=manager)
    client.force_login(colleague)
    assert client.get(person_ecomap_url(smiths)).status_code == 404
    page = body(client.get(genogram_url(smiths)))
    assert str(smiths.ava.pk) not in page and "Ava Smith" not in page


def test_drawing_pages_write_the_access_log(client, colleague, smiths):
    client.force_login(colleague)
    client.get(genogram_url(smiths))
    client.get(person_ecomap_url(smiths))
    client.get(family_ecomap_url(smiths))
    rows = AccessLog.objects.filter(user=colleague)
    assert rows.filter(what="Family genogram", person=smiths.ava).count() == 1
    assert rows.filter(what="Family genogram", family=smiths.family).count() == 1
    assert rows.filter(what="Eco-map", person=smiths.ava).count() == 1
    assert rows.filter(what="Family eco-map", person=smiths.leo).count() == 1


def test_ecomap_page_query_count_does_not_grow(
    client, allocated_worker, colleague, smiths, django_assert_max_num_queries
):
    client.force_login(colleague)
    client.get(person_ecomap_url(smiths))
    with CaptureQueriesContext(connection) as few:
        client.get(person_ecomap_url(smiths))
    for i in range(35):
        services.connection_create(
            by=allocated_worker, person=smiths.ava, data={"name": f"Club {i}", "kind": "leisure"}
        )
    with django_assert_max_num_queries(len(few)):
        assert client.get(person_ecomap_url(smiths)).status_code == 200


def test_family_page_shows_a_small_genogram_and_links(client, colleague, smiths):
    client.force_login(colleague)
    page = body(client.get(reverse("families:family_detail", kwargs={"family_id": smiths.family.pk})))
    assert f'href="{genogram_url(smiths)}"' in page and f'href="{family_ecomap_url(smiths)}"' in page
    assert f'src="/api/v1/families/{smiths.family.pk}/genogram.svg"' in page
    assert 'alt="Genogram of the Smith family.' in page


def test_childs_record_shows_the_drawings_part(client, colleague, smiths):
    client.force_login(colleague)
    page = body(client.get(reverse("families:person_detail", kwargs={"person_id": smiths.ava.pk})))
    assert 'id="drawings"' in page
    assert f'href="{person_ecomap_url(smiths)}"' in page and f'href="{genogram_url(smiths)}"' in page
    assert f'src="/api/v1/people/{smiths.ava.pk}/ecomap.svg"' in page


def test_record_part_shows_only_families_the_user_may_open(client, colleague, allocated_worker, north, smiths):
    other = make_family(allocated_worker, name="Jones family", members=[(smiths.ava, "child")])
    access_revoke(team=north, reason="Test: held by another team", family=other)
    client.force_login(colleague)
    page = body(client.get(reverse("families:person_detail", kwargs={"person_id": smiths.ava.pk})))
    part = page[page.index('id="drawings"') :]
    part = part[: part.index("</section>")]
    assert "Smith family" in part and "Jones family" not in part
