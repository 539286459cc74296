"""Chronology pages: the child's and the family's chronology (filters, date order, the default
of significant and critical), entries known from elsewhere, curation with versions, the card on
the child's record, and the rules of who may read and write (other team 404)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.core.models import AccessLog
from chronology import services as chrono_services
from chronology.models import ChronologyCuration, ChronologyEntry, Origin
from families import services

pytestmark = pytest.mark.django_db


def chronology_url(person, **query):
    url = reverse("chronology:person_chronology", kwargs={"person_id": person.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response, response.content.decode()


def titles(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", t).strip() for t in re.findall(r'<h3 class="moj-timeline__title">(.*?)</h3>', html, re.S)
    ]


def manual(by, person, *, on, precision="day", text="", summary, significance="routine", **more):
    return chrono_services.manual_entry_create(
        by=by,
        people=[person],
        occurred_on=on,
        date_precision=precision,
        date_text=text,
        category=more.pop("category", "police"),
        summary=summary,
        significance=significance,
        **more,
    )


@pytest.fixture
def ava_entries(allocated_worker, smith_family):
    ava = smith_family["ava"]
    manual(
        allocated_worker,
        ava,
        on=datetime.date(2019, 7, 20),
        precision="year",
        text="summer 2019",
        summary="Police called to the home",
        significance="critical",
        source_agency="Metropolitan Police",
    )
    manual(
        allocated_worker,
        ava,
        on=datetime.date(2019, 3, 15),
        precision="month",
        summary="Excluded from school for a day",
        significance="significant",
        category="education",
    )
    manual(allocated_worker, ava, on=datetime.date(2019, 2, 10), summary="Seen by the GP", category="health")
    return ava


# --- Reading ------------------------------------------------------------------------------------


def test_a_childs_chronology_shows_significant_and_critical_by_default_in_date_order(
    client, allocated_worker, ava_entries
):
    response, html = page(client, allocated_worker, chronology_url(ava_entries))
    assert response.status_code == 200
    assert "moj-timeline" in html
    # Year precision sorts at the start of its year, before March 2019; shown as the words say.
    assert titles(html) == ["Police called to the home", "Excluded from school for a day"]
    assert "2019 (summer 2019)" in html and "March 2019" in html
    assert "Seen by the GP" not in html
    assert AccessLog.objects.filter(user=allocated_worker, person=ava_entries, what="Chronology").count() == 1


def test_one_click_shows_every_entry_still_in_date_order(client, allocated_worker, ava_entries):
    _, html = page(client, allocated_worker, chronology_url(ava_entries))
    assert f'href="{chronology_url(ava_entries)}?filtered=1"' in html
    _, html = page(client, allocated_worker, chronology_url(ava_entries, filtered=1))
    shown = titles(html)
    assert (
        shown.index("Police called to the home")
        < shown.index("Seen by the GP")
        < shown.index("Excluded from school for a day")
    )
    assert "Smith family" in " ".join(shown)  # the system's own entries are there too


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("significance=critical", ["Police called to the home"]),
        ("category=health", ["Seen by the GP"]),
        ("q=school", ["Excluded from school for a day"]),
        (
            "date_from-day=1&date_from-month=2&date_from-year=2019&date_to-day=28&date_to-month=2&date_to-year=2019",
            ["Seen by the GP"],
        ),
    ],
)
def test_filters(client, allocated_worker, ava_entries, query, expected):
    _, html = page(client, allocated_worker, chronology_url(ava_entries) + "?filtered=1&" + query)
    assert titles(html) == expected


def test_curated_only_leaves_out_excluded_entries(client, allocated_worker, ava_entries):
    gp = ChronologyEntry.objects.get(summary="Seen by the GP")
    chrono_services.entry_curate(by=allocated_worker, entry=gp, expected_version=1, included=False)
    _, html = page(client, allocated_worker, chronology_url(ava_entries) + "?filtered=1&curated=on&category=health")
    assert titles(html) == []
    _, html = page(client, allocated_worker, chronology_url(ava_entries) + "?filtered=1&category=health")
    assert "Left out of the curated chronology" in html


def test_a_bad_filter_says_what_is_wrong(client, allocated_worker, ava_entries):
    response, html = page(
        client,
        allocated_worker,
        chronology_url(ava_entries) + "?filtered=1&date_from-day=40&date_from-month=1&date_from-year=2019",
    )
    assert response.status_code == 400
    assert "There is a problem" in html and "must be a real date" in html


def test_worker_in_another_team_gets_404_for_the_chronology(client, other_team_worker, ava_entries, smith_family):
    assert page(client, other_team_worker, chronology_url(ava_entries))[0].status_code == 404
    family_url = reverse("chronology:family_chronology", kwargs={"family_id": smith_family["family"].pk})
    assert page(client, other_team_worker, family_url)[0].status_code == 404
    add_url = reverse("chronology:manual_entry_add", kwargs={"person_id": ava_entries.pk})
    assert page(client, other_team_worker, add_url)[0].status_code == 404
    entry = ChronologyEntry.objects.filter(person=ava_entries).first()
    curate_url = reverse("chronology:entry_curate", kwargs={"entry_id": entry.pk})
    assert page(client, other_team_worker, curate_url)[0].status_code == 404
    assert not AccessLog.objects.filter(user=other_team_worker).exists()


def test_performance_officer_reads_structured_fields_only(client, performance_officer, allocated_worker, ava_entries):
    police = ChronologyEntry.objects.get(summary="Police called to the home")
    chrono_services.entry_curate(by=allocated_worker, entry=police, expected_version=1, analysis="A pattern of harm")
    response, html = page(client, performance_officer, chronology_url(ava_entries))
    assert response.status_code == 200
    assert "Police called to the home" not in html and "A pattern of harm" not in html
    assert "/curate/" not in html and "Add an event known from elsewhere" not in html


def test_family_chronology_merges_members_once_with_a_filter_per_person(client, allocated_worker, smith_family):
    ava, sam, family = smith_family["ava"], smith_family["sam"], smith_family["family"]
    services.relationship_create(by=allocated_worker, from_person=ava, to_person=sam, data={"kind": "sibling"})
    manual(allocated_worker, sam, on=datetime.date(2021, 5, 5), summary="Sam broke his arm", significance="critical")
    url = reverse("chronology:family_chronology", kwargs={"family_id": family.pk})
    _, html = page(client, allocated_worker, url + "?filtered=1")
    shown = titles(html)
    assert shown.count("Relationship recorded: Ava Smith is Sam Smith&#39;s sibling") == 1
    assert "Sam broke his arm" in shown and "Kerry Smith joined the Smith family (an adult)" in shown
    _, html = page(client, allocated_worker, url + f"?filtered=1&person={ava.pk}")
    assert "Sam broke his arm" not in titles(html)
    assert AccessLog.objects.filter(user=allocated_worker, family=family).count() == 2


# --- Query counts -------------------------------------------------------------------------------


def bulk_entries(person, count):
    entries = [
        ChronologyEntry(
            person=person,
            occurred_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=i),
            category="other",
            event_kind="manual",
            origin=Origin.MANUAL,
            summary=f"Event {i}",
        )
        for i in range(count)
    ]
    ChronologyEntry.objects.bulk_create(entries)
    ChronologyEntry.people.through.objects.bulk_create(
        [ChronologyEntry.people.through(chronologyentry_id=e.pk, person_id=person.pk) for e in entries]
    )
    ChronologyCuration.objects.bulk_create(
        [ChronologyCuration(entry=e, significance="significant" if i % 2 else "routine") for i, e in enumerate(entries)]
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_chronology_costs_the_same_queries_with_20_or_2000_entries(
    client, allocated_worker, smith_family, django_assert_max_num_queries
):
    ava, sam = smith_family["ava"], smith_family["sam"]
    bulk_entries(ava, 20)
    bulk_entries(sam, 2000)
    client.force_login(allocated_worker)
    client.get(chronology_url(ava))  # warm the session
    small = queries_for(client, chronology_url(ava, filtered=1))
    big = queries_for(client, chronology_url(sam, filtered=1))
    assert small == big
    with django_assert_max_num_queries(small):
        html = client.get(chronology_url(sam, filtered=1, page=40)).content.decode()
    assert "Event 1950" in html


def test_the_records_card_shows_the_latest_significant_entries_in_fixed_queries(
    client, allocated_worker, smith_family, ava_entries
):
    from casework.presenters.chronology import chronology_part

    request = type("R", (), {"user": allocated_worker})()
    assert chronology_part(request, smith_family["sam"])["lines"] == []
    bulk_entries(smith_family["sam"], 4)
    with CaptureQueriesContext(connection) as few:
        assert len(chronology_part(request, smith_family["sam"])["lines"]) == 2
    bulk_entries(smith_family["sam"], 300)
    with CaptureQueriesContext(connection) as many:
        context = chronology_part(request, smith_family["sam"])
    assert len(context["lines"]) == 5 and len(many) == len(few)
    _, html = page(client, allocated_worker, reverse("families:person_detail", kwargs={"person_id": ava_entries.pk}))
    assert "Latest significant events" in html
    assert "Police called to the home" in html and "Seen by the GP" not in html
    assert chronology_url(ava_entries) in html


# --- Entries known from elsewhere ------------------------------------------------------------------


def add_url(person):
    return reverse("chronology:manual_entry_add", kwargs={"person_id": person.pk})


def entry_form(**overrides):
    data = {
        "occurred-day": "",
        "occurred-month": "",
        "occurred-year": "2019",
        "date_text": "summer 2019",
        "category": "police",
        "summary": "Police called to a row at home",
        "detail": "Neighbour rang 999",
        "source_agency": "Metropolitan Police",
        "significance": "significant",
    }
    data.update(overrides)
    return data


def test_add_an_entry_known_from_elsewhere(client, allocated_worker, smith_family):
    ava = smith_family["ava"]
    response, html = page(client, allocated_worker, add_url(ava))
    assert response.status_code == 200 and 'name="occurred-day"' in html

    response = client.post(add_url(ava), entry_form(summary="", **{"occurred-year": ""}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Say in a sentence what happened" in html
    assert "Enter when it happened" in html
    assert not ChronologyEntry.objects.filter(origin=Origin.MANUAL).exists()

    response = client.post(add_url(ava), entry_form())
    assert response.status_code == 302
    entry = ChronologyEntry.objects.get(origin=Origin.MANUAL)
    assert (entry.occurred_on, entry.date_precision, entry.date_text) == (
        datetime.date(2019, 1, 1),
        "year",
        "summer 2019",
    )
    assert entry.curation.significance == "significant" and entry.recorded_by == allocated_worker
    assert list(entry.people.all()) == [ava]


def test_month_precision_is_kept_and_shown_as_a_month(client, allocated_worker, smith_family):
    ava = smith_family["ava"]
    client.force_login(allocated_worker)
    client.post(add_url(ava), entry_form(**{"occurred-month": "3", "date_text": ""}))
    entry = ChronologyEntry.objects.get(origin=Origin.MANUAL)
    assert (entry.occurred_on, entry.date_precision) == (datetime.date(2019, 3, 1), "month")
    html = client.get(chronology_url(ava)).content.decode()
    assert "March 2019" in html and "1 March 2019" not in html


def test_a_future_or_impossible_date_is_refused(client, allocated_worker, smith_family):
    ava = smith_family["ava"]
    client.force_login(allocated_worker)
    year = datetime.date.today().year + 1
    response = client.post(add_url(ava), entry_form(**{"occurred-year": str(year)}))
    assert response.status_code == 400 and "today or in the past" in response.content.decode()
    response = client.post(add_url(ava), entry_form(**{"occurred-day": "31", "occurred-month": "2"}))
    assert response.status_code == 400 and "must be a real date" in response.content.decode()
    assert not ChronologyEntry.objects.filter(origin=Origin.MANUAL).exists()


def test_roles_that_cannot_curate_get_403(client, performance_officer, auditor, smith_family):
    ava = smith_family["ava"]
    for user in (performance_officer, auditor):
        assert page(client, user, add_url(ava))[0].status_code == 403
        assert client.post(add_url(ava), entry_form()).status_code == 403
    assert not ChronologyEntry.objects.filter(origin=Origin.MANUAL).exists()


# --- Curation -----------------------------------------------------------------------------------------


def curate_url(entry, back=""):
    return reverse("chronology:entry_curate", kwargs={"entry_id": entry.pk}) + (f"?back={back}" if back else "")


def test_curating_a_system_entry_keeps_its_facts(client, allocated_worker, smith_family):
    ava = smith_family["ava"]
    entry = ChronologyEntry.objects.filter(person=ava, origin=Origin.SYSTEM).first()
    summary = entry.summary
    response, html = page(client, allocated_worker, curate_url(entry))
    assert response.status_code == 200 and summary in html and "its facts stay as recorded" in html

    response = client.post(curate_url(entry), {"significance": "", "included": "yes", "analysis": "", "version": "1"})
    assert response.status_code == 400 and "Choose how significant it is" in response.content.decode()
    assert ChronologyCuration.objects.get(entry=entry).version == 1

    response = client.post(
        curate_url(entry),
        {
            "significance": "critical",
            "included": "no",
            "analysis": "Mum's move unsettled Ava",
            "version": "1",
            "back": chronology_url(ava),
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(chronology_url(ava))
    entry.refresh_from_db()
    curation = entry.curation
    assert (curation.significance, curation.included, curation.analysis) == (
        "critical",
        False,
        "Mum's move unsettled Ava",
    )
    assert curation.curated_by == allocated_worker and entry.summary == summary


def test_curating_from_an_old_version_shows_both_and_saves_nothing(client, allocated_worker, colleague, smith_family):
    entry = ChronologyEntry.objects.filter(person=smith_family["ava"]).first()
    chrono_services.entry_curate(by=colleague, entry=entry, expected_version=1, analysis="Colleague's view")
    client.force_login(allocated_worker)
    response = client.post(
        curate_url(entry), {"significance": "critical", "included": "yes", "analysis": "Mine", "version": "1"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Colleague&#39;s view" in html and "Mine" in html
    assert ChronologyCuration.objects.get(entry=entry).analysis == "Colleague's view"


def test_an_outside_back_link_is_not_followed(client, allocated_worker, smith_family):
    entry = ChronologyEntry.objects.filter(person=smith_family["ava"]).first()
    client.force_login(allocated_worker)
    response = client.post(
        curate_url(entry),
        {
            "significance": "significant",
            "included": "yes",
            "analysis": "",
            "version": "1",
            "back": "https://evil.example/",
        },
    )
    assert response.status_code == 302 and response["Location"].startswith("/people/")


def test_the_family_chronology_costs_the_same_queries_with_20_or_2000_entries(client, allocated_worker, smith_family):
    url = reverse("chronology:family_chronology", kwargs={"family_id": smith_family["family"].pk}) + "?filtered=1"
    bulk_entries(smith_family["ava"], 20)
    client.force_login(allocated_worker)
    client.get(url)  # warm the session
    small = queries_for(client, url)
    bulk_entries(smith_family["sam"], 2000)
    assert queries_for(client, url) == small


def test_export_buttons_only_for_roles_that_may_export(
    client, allocated_worker, performance_officer, auditor, ava_entries
):
    export = reverse("chronology:person_export", kwargs={"person_id": ava_entries.pk})
    for user, shown in ((allocated_worker, True), (auditor, True), (performance_officer, False)):
        _, html = page(client, user, chronology_url(ava_entries))
        assert (f'action="{export}"' in html) is shown
        assert ("Court chronology (PDF)" in html) is shown


def test_the_family_page_links_to_the_family_chronology(client, allocated_worker, smith_family):
    family = smith_family["family"]
    client.force_login(allocated_worker)
    html = client.get(reverse("families:family_detail", kwargs={"family_id": family.pk})).content.decode()
    assert reverse("chronology:family_chronology", kwargs={"family_id": family.pk}) in html
