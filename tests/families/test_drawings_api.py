"""GET /api/v1/families/{id}/genogram.svg, /families/{id}/ecomap.svg, /people/{id}/ecomap.svg
(API.md "Chronology, genogram, eco-map"): SVG, the same access rules as the record, logged."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator

from casework.core.models import AccessLog
from families import services
from tests.families.pages_helpers import restrict
from tests.families.test_drawings_data import smith_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def smiths(allocated_worker, colleague, manager):
    return smith_household(allocated_worker)


def genogram_url(family, **query) -> str:
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    return f"/api/v1/families/{family.pk}/genogram.svg{suffix}"


def ids(svg: bytes, attribute: str) -> set[str]:
    return {e.get(attribute) for e in ET.fromstring(svg).iter() if e.get(attribute)}


def test_family_genogram_is_svg_with_a_group_per_person(api_as, colleague, smiths):
    response = api_as(colleague).get(genogram_url(smiths.family))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Cache-Control"] == "private, no-store"
    people = ids(response.content, "data-person-id")
    assert {str(p.pk) for p in (smiths.ava, smiths.leo, smiths.kim, smiths.dan, smiths.rob)} <= people
    assert ids(response.content, "data-relationship-id")
    assert ET.fromstring(response.content).get("role") == "img"


def test_genogram_as_at_is_passed_through_and_changes_the_drawing(api_as, colleague, smiths):
    today = api_as(colleague).get(genogram_url(smiths.family)).content
    earlier = api_as(colleague).get(genogram_url(smiths.family, as_at="2017-01-01"))
    assert earlier.status_code == 200
    assert earlier.content != today
    assert str(smiths.leo.pk) not in ids(earlier.content, "data-person-id")  # not born in 2017


@pytest.mark.parametrize(
    ("as_at", "message"),
    [("31-12-2020", "YYYY-MM-DD"), ("2020-02-30", "YYYY-MM-DD"), ("2999-01-01", "today or in the past")],
)
def test_bad_as_at_answers_400_naming_the_field(api_as, colleague, smiths, as_at, message):
    response = api_as(colleague).get(genogram_url(smiths.family, as_at=as_at))
    assert response.status_code == 400
    assert message in response.json()["as_at"][0]


def test_person_ecomap_carries_connection_and_professional_ids(api_as, colleague, smiths):
    response = api_as(colleague).get(f"/api/v1/people/{smiths.ava.pk}/ecomap.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert ids(response.content, "data-connection-id") == {str(c.pk) for c in smiths.connections}
    assert ids(response.content, "data-professional-id") == {str(p.pk) for p in smiths.professionals}
    assert ids(response.content, "data-person-id") == {str(smiths.ava.pk)}


def test_family_ecomap_centres_the_family(api_as, colleague, smiths):
    response = api_as(colleague).get(f"/api/v1/families/{smiths.family.pk}/ecomap.svg")
    assert response.status_code == 200
    assert ids(response.content, "data-family-id") == {str(smiths.family.pk)}
    assert ids(response.content, "data-connection-id") == {str(c.pk) for c in smiths.connections}


@pytest.mark.parametrize("which", ["genogram", "family_ecomap", "person_ecomap"])
def test_other_team_gets_404_for_every_drawing(api_as, other_team_worker, smiths, which):
    url = {
        "genogram": genogram_url(smiths.family),
        "family_ecomap": f"/api/v1/families/{smiths.family.pk}/ecomap.svg",
        "person_ecomap": f"/api/v1/people/{smiths.ava.pk}/ecomap.svg",
    }[which]
    assert api_as(other_team_worker).get(url).status_code == 404
    assert not AccessLog.objects.filter(user=other_team_worker).exists()


def test_restricted_child_ecomap_is_404_for_the_team_but_open_to_the_manager(api_as, colleague, manager, smiths):
    restrict(smiths.ava, by=manager)
    url = f"/api/v1/people/{smiths.ava.pk}/ecomap.svg"
    assert api_as(colleague).get(url).status_code == 404
    assert api_as(manager).get(url).status_code == 200


def test_restricted_member_is_left_out_of_the_family_drawings(api_as, colleague, manager, smiths):
    restrict(smiths.ava, by=manager)
    genogram = api_as(colleague).get(genogram_url(smiths.family))
    ecomap = api_as(colleague).get(f"/api/v1/families/{smiths.family.pk}/ecomap.svg")
    assert genogram.status_code == ecomap.status_code == 200
    assert str(smiths.ava.pk) not in genogram.content.decode() + ecomap.content.decode()
    assert b"Oakfield Primary" not in ecomap.content


def test_unauthenticated_gets_401(api_client, smiths):
    assert api_client.get(genogram_url(smiths.family)).status_code == 401


def test_drawings_are_written_to_the_access_log(api_as, colleague, smiths):
    api_as(colleague).get(genogram_url(smiths.family))
    api_as(colleague).get(f"/api/v1/people/{smiths.ava.pk}/ecomap.svg")
    rows = AccessLog.objects.filter(user=colleague)
    assert rows.filter(what="API: family genogram", family=smiths.family).count() == 1
    assert rows.filter(what="API: family genogram", person=smiths.ava).count() == 1
    assert rows.filter(what="API: eco-map", person=smiths.ava).count() == 1


def test_svg_response_lets_only_its_own_style_through_the_csp(api_as, colleague, smiths):
    response = api_as(colleague).get(f"/api/v1/people/{smiths.ava.pk}/ecomap.svg")
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'sha256-" in policy and "unsafe-inline" not in policy


def test_ecomap_queries_do_not_grow_with_connections(api_as, allocated_worker, colleague, smiths):
    url = f"/api/v1/people/{smiths.ava.pk}/ecomap.svg"
    client = api_as(colleague)

    def count() -> int:
        with CaptureQueriesContext(db_connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    count()  # warm: what one request caches for the next is not what this test is about
    few = count()
    for i in range(35):
        services.connection_create(
            by=allocated_worker, person=smiths.ava, data={"name": f"Club {i}", "kind": "leisure"}
        )
    assert count() == few


def test_schema_documents_the_svg_responses():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path in (
        "/api/v1/families/{family_id}/genogram.svg",
        "/api/v1/families/{family_id}/ecomap.svg",
        "/api/v1/people/{person_id}/ecomap.svg",
    ):
        operation = schema["paths"][path]["get"]
        assert "image/svg+xml" in operation["responses"]["200"]["content"]
    as_at = schema["paths"]["/api/v1/families/{family_id}/genogram.svg"]["get"]["parameters"]
    assert any(p["name"] == "as_at" and p["in"] == "query" for p in as_at)


def test_as_at_today_is_accepted(api_as, colleague, smiths):
    today = datetime.date.today().isoformat()
    assert api_as(colleague).get(genogram_url(smiths.family, as_at=today)).status_code == 200
