"""The demo's visits: children seen (and alone) with their words, a significant visit, three visits
in a row with no access, a draft in progress, case notes, a summary in two versions, a drawing and
the child's own words in their story, a document in two versions; seeding twice changes nothing.
The demo child's record opens at a glance."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.core.models import User
from casework.models import CaseNote, ChildSummary, Document, DocumentVersion, StoryEntry, Visit, VisitChild
from chronology.models import ChronologyEntry
from families.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }


def counts() -> tuple[int, ...]:
    models = (Visit, VisitChild, CaseNote, ChildSummary, StoryEntry, Document, DocumentVersion, ChronologyEntry)
    return tuple(model.objects.count() for model in models)


def test_the_demo_records_seeing_the_children_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    tobi = Person.objects.get(first_name="Tobi", last_name="Okoro")
    assert Visit.objects.filter(case__family__name="Okoro family", significant=True, status="finished").exists()
    assert Visit.objects.filter(visit_children__child=tobi, kind="phone", status="finished").exists()
    assert CaseNote.objects.filter(case__family__name="Okoro family", significant=True, status="finished").exists()
    walsh = Visit.objects.filter(case__family__name="Walsh family").order_by("-occurred_at")
    assert [v.outcome for v in walsh[:3]] == ["no_access"] * 3
    assert Visit.objects.filter(case__family__name="Harris-Kowalski family", status="draft").count() == 1
    assert ChildSummary.objects.get(child=tobi).version == 2
    drawing = StoryEntry.objects.get(child=tobi, kind="drawing")
    assert drawing.content_type == "image/png" and drawing.file.open("rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert StoryEntry.objects.filter(child=tobi, kind="words", attributed_to__startswith="Tobi").exists()
    document = Document.objects.get(person=tobi)
    assert sorted(document.versions.values_list("number", flat=True)) == [1, 2]
    assert ChronologyEntry.objects.filter(event_kind="visit", people=tobi).exists()
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before


def test_the_demo_childs_record_answers_what_is_happening_to_them(client):
    call_command("seed_demo", stdout=io.StringIO())
    tobi = Person.objects.get(first_name="Tobi", last_name="Okoro")
    client.force_login(User.objects.get(username="worker"))
    page = client.get(reverse("families:person_detail", kwargs={"person_id": tobi.pk})).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Tobi (12) is a young carer." in text and "Version 2, written by Sam Okafor" in text
    assert "telephone call by Sam Okafor" in text  # the last visit: a call, which never counts as seen
    assert "(not alone)" in text and "Football on Saturdays" in text
    assert "Lives with Okoro family" in text and "Worker: Sam Okafor" in text
    assert "Tobi's story (2 entries)" in text and "Documents (1 document)" in text
