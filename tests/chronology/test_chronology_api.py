"""The chronology API: the child's record's access rules, filters, curation with versions."""

from __future__ import annotations

import datetime

import pytest

from casework.core.access import access_grant
from casework.core.models import AccessLog
from chronology.models import ChronologyEntry
from families import services

pytestmark = pytest.mark.django_db


def url(person):
    return f"/api/v1/people/{person.id}/chronology/"


def test_worker_reads_a_childs_chronology_in_date_order(api_as, allocated_worker, smith_family):
    ava = smith_family["ava"]
    services.warning_add(
        by=allocated_worker, person=ava, kind="animal", detail="Large dog", from_date=datetime.date(2019, 6, 1)
    )
    response = api_as(allocated_worker).get(url(ava))
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["occurred_on"] for r in results] == sorted(r["occurred_on"] for r in results)
    assert results[0]["summary"] == "Warning added for Ava Smith: Animals"
    assert results[0]["link"]["type"] == "personwarning"
    assert {"id", "date_precision", "significance", "included", "analysis", "version", "origin"} <= set(results[0])
    assert AccessLog.objects.filter(user=allocated_worker, person=ava).count() == 1


def test_other_team_gets_404(api_as, other_team_worker, smith_family):
    assert api_as(other_team_worker).get(url(smith_family["ava"])).status_code == 404


def test_performance_officer_reads_structured_fields_only(api_as, performance_officer, allocated_worker, smith_family):
    entry = ChronologyEntry.objects.filter(person=smith_family["ava"]).first()
    api_as(allocated_worker).patch(
        f"/api/v1/chronology-entries/{entry.id}/", {"analysis": "Worrying pattern", "version": 1}, format="json"
    )
    results = api_as(performance_officer).get(url(smith_family["ava"])).json()["results"]
    assert results and all(r["analysis"] is None and r["detail"] is None for r in results)


def test_family_chronology_merges_siblings_without_duplicating_shared_events(api_as, allocated_worker, smith_family):
    ava, sam, family = smith_family["ava"], smith_family["sam"], smith_family["family"]
    services.relationship_create(by=allocated_worker, from_person=ava, to_person=sam, data={"kind": "sibling"})
    response = api_as(allocated_worker).get(f"/api/v1/families/{family.id}/chronology/")
    summaries = [r["summary"] for r in response.json()["results"]]
    assert summaries.count("Relationship recorded: Ava Smith is Sam Smith's sibling") == 1
    only_sam = api_as(allocated_worker).get(f"/api/v1/families/{family.id}/chronology/?person={sam.id}").json()
    assert all(str(sam.id) in r["people"] for r in only_sam["results"])


def test_filters(api_as, allocated_worker, smith_family):
    ava = smith_family["ava"]
    services.warning_add(
        by=allocated_worker, person=ava, kind="violence", detail="x", from_date=datetime.date(2021, 3, 3)
    )
    client = api_as(allocated_worker)
    significant = client.get(url(ava) + "?significance=significant,critical").json()["results"]
    assert [r["category"] for r in significant] == ["warning"]
    ranged = client.get(url(ava) + "?from=2021-01-01&to=2021-12-31").json()["results"]
    assert [r["occurred_on"] for r in ranged] == ["2021-03-03"]
    assert client.get(url(ava) + "?q=violence").json()["count"] == 1
    assert client.get(url(ava) + "?category=family").json()["count"] == 1
    assert client.get(url(ava) + "?from=not-a-date").status_code == 400
    assert client.get(url(ava) + "?significance=loud").status_code == 400


def test_curation_needs_the_current_version(api_as, allocated_worker, colleague, smith_family):
    entry = ChronologyEntry.objects.filter(person=smith_family["ava"]).first()
    path = f"/api/v1/chronology-entries/{entry.id}/"
    first = api_as(allocated_worker).patch(
        path, {"significance": "critical", "analysis": "A", "version": 1}, format="json"
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = api_as(colleague).patch(path, {"analysis": "B", "version": 1}, format="json")
    assert stale.status_code == 409
    entry.curation.refresh_from_db()
    assert entry.curation.analysis == "A"


def test_roles_that_cannot_curate_get_403_and_outsiders_404(api_as, auditor, other_team_worker, smith_family):
    entry = ChronologyEntry.objects.filter(person=smith_family["ava"]).first()
    path = f"/api/v1/chronology-entries/{entry.id}/"
    assert api_as(auditor).get(path).status_code == 200
    assert api_as(auditor).patch(path, {"included": False, "version": 1}, format="json").status_code == 403
    assert api_as(other_team_worker).get(path).status_code == 404
    assert api_as(other_team_worker).patch(path, {"included": False, "version": 1}, format="json").status_code == 404


def test_manual_entry_through_the_api(api_as, allocated_worker, smith_family, other_team_worker):
    ava = smith_family["ava"]
    body = {
        "person": str(ava.id),
        "occurred_on": "2019-07-01",
        "date_precision": "month",
        "date_text": "summer 2019",
        "category": "police",
        "summary": "Police call-out to the home",
        "source_agency": "Police",
        "significance": "significant",
    }
    response = api_as(allocated_worker).post("/api/v1/chronology-entries/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["origin"] == "manual" and response.json()["date_text"] == "summer 2019"
    assert api_as(other_team_worker).post("/api/v1/chronology-entries/", body, format="json").status_code == 404
    bad = api_as(allocated_worker).post(
        "/api/v1/chronology-entries/", {**body, "occurred_on": "2999-01-01"}, format="json"
    )
    assert bad.status_code == 400 and "occurred_on" in bad.json()


def test_entries_about_a_restricted_person_are_left_out_for_those_who_cannot_open_them(
    api_as, allocated_worker, manager, colleague, smith_family
):
    ava, mum = smith_family["ava"], smith_family["mum"]
    services.relationship_create(by=allocated_worker, from_person=mum, to_person=ava, data={"kind": "parent"})
    services.person_set_restriction(
        by=manager, person=mum, restricted=True, restricted_to=[], expected_version=mum.version
    )
    summaries = [r["summary"] for r in api_as(colleague).get(url(ava)).json()["results"]]
    assert not any("Kerry" in s for s in summaries)
    manager_view = [r["summary"] for r in api_as(manager).get(url(ava)).json()["results"]]
    assert any("Kerry" in s for s in manager_view)


def test_front_door_team_reads_when_it_holds_the_child(api_as, front_door_worker, front_door_team, smith_family):
    access_grant(team=front_door_team, person=smith_family["ava"], level="read", reason="Contact decided")
    assert api_as(front_door_worker).get(url(smith_family["ava"])).status_code == 200
