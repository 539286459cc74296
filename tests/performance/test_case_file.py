"""The child's case file (`case_file_pdf`): the whole record as the child's story, as a PDF.

The PDF is made by the core export job (run eagerly) and read back with pdftotext: it holds the
child's story, the curated chronology, the plans and the assessment's analysis, never a confidential
address nor a restricted relative's name, and its first page says what was left out. Other teams get
404, performance officers 403, auditors may; bad parameters are a 400 with a field error.
"""

from __future__ import annotations

import datetime
import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import include, path, reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.core.exports import export_request
from casework.core.models import AccessLog, ExportJob, ExportStatus
from casework.models import DecisionRecord, RecordStatus, SeenAlone, StoryEntry, Visit, VisitChild
from chronology import services as chrono_services
from families.models import Professional
from performance import case_file
from tests.assessments import test_family_document as family_document
from tests.casework.api_support import *  # noqa: F403  (referral, case)
from tests.casework.conftest import school_contact, siblings  # noqa: F401
from tests.factories.assessments import *  # noqa: F403  (template)
from tests.factories.plans import authorised_plan, review

# After the star imports (the factories have their own `assessment`): the family copy's Smith family
# (a confidential address, a restricted uncle) and Ava's assessment with her views and the analysis.
family = family_document.family
assessment = family_document.assessment
ANALYSIS, CHILDS_VIEWS, HIDDEN_ADDRESS = (
    family_document.ANALYSIS,
    family_document.CHILDS_VIEWS,
    family_document.HIDDEN_ADDRESS,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.poppler,
    pytest.mark.urls(__name__),
]

# The start page's route, until performance.urls carries it (the project's routes, plus this one).
urlpatterns = [
    path("", include("casework.urls")),
]
try:
    reverse("performance:case_file_start", kwargs={"person_id": "00000000-0000-0000-0000-000000000000"})
except Exception:  # not routed yet: add it under the performance namespace here
    from performance import urls as performance_urls

    # First, so that its namespace wins over the project's own `performance` (Django keeps the first).
    urlpatterns = [
        path(
            "",
            include(
                (
                    [
                        *performance_urls.urlpatterns,
                        path("people/<uuid:person_id>/case-file/", case_file.case_file_start, name="case_file_start"),
                    ],
                    "performance",
                ),
                namespace="performance",
            ),
        ),
        path("", include("casework.urls")),
    ]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "performance"
PNG = (  # a 1 by 1 pixel PNG: Ava's drawing
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)
STORY = "I like drawing dinosaurs and I want my own bedroom."
CHRONOLOGY_EVENT = "Police called to the home"
GOAL = "Ava goes to school every day"
REVIEW = "Attendance is up to nine days in ten."
WORDS = "Ava said the house is calmer now."
DECISION = "Keep Ava on a child in need plan"


@pytest.fixture(autouse=True)
def registered():
    case_file.register_case_file_export()


@pytest.fixture
def record(allocated_worker, manager, case, family, assessment):
    """Ava's record: a story entry, chronology entries (one about her restricted uncle), an
    authorised plan with a review, a finished visit with her words and a decision."""
    ava, uncle = family["ava"], family["uncle"]
    StoryEntry.objects.create(
        child=ava,
        kind="words",
        title="About me",
        text=STORY,
        attributed_to="Ava",
        occurred_on=datetime.date(2026, 3, 1),
        recorded_by=allocated_worker,
    )
    drawing = StoryEntry(
        child=ava,
        kind="drawing",
        title="My house",
        attributed_to="Ava",
        occurred_on=datetime.date(2026, 4, 2),
        recorded_by=allocated_worker,
        file_name="house.png",
        content_type="image/png",
        size=len(PNG),
    )
    drawing.file.save("house.png", ContentFile(PNG), save=True)
    chrono_services.manual_entry_create(
        by=allocated_worker,
        people=[ava],
        occurred_on=datetime.date(2025, 9, 9),
        date_precision="day",
        category="police",
        summary=CHRONOLOGY_EVENT,
        source_agency="Metropolitan Police",
        significance="critical",
    )
    chrono_services.manual_entry_create(
        by=allocated_worker,
        people=[ava, uncle],
        occurred_on=datetime.date(2025, 10, 1),
        date_precision="day",
        category="police",
        summary="Declan Hartigan stayed the weekend",
        significance="critical",
    )
    plan = authorised_plan(allocated_worker, manager, case, ava, goals=1)
    plan.goals.update(description=GOAL)
    review(allocated_worker, plan, days_ago=5, scores=[7])
    plan.reviews.update(summary=REVIEW)
    visit = Visit.objects.create(
        case=case,
        status=RecordStatus.FINISHED,
        occurred_at=timezone.now() - datetime.timedelta(days=3),
        statutory=True,
        childs_words=WORDS,
        recorded_by=allocated_worker,
        finished_at=timezone.now(),
    )
    VisitChild.objects.create(visit=visit, child=ava, seen=True, seen_alone=SeenAlone.YES)
    decision = DecisionRecord.objects.create(
        case=case,
        kind=DecisionRecord._meta.get_field("kind").choices[0][0],
        decision=DECISION,
        rationale="Things are improving with help.",
        date=timezone.localdate(),
        recorded_by=allocated_worker,
    )
    decision.children.add(ava)
    Professional.objects.create(family=family["family"], name="Asha Rao", role="GP", agency="Mill Lane Surgery")
    Professional.objects.create(
        family=family["family"], name="Nadia Quinlan", role="Probation officer", agency="Probation", working_with=uncle
    )
    return ava


def start_url(person) -> str:
    return reverse("performance:case_file_start", kwargs={"person_id": person.pk})


def pdf_text(pdf: bytes) -> tuple[str, str]:
    """The whole text and the first page's text, whitespace folded."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        whole = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, check=True).stdout.decode()
        first = subprocess.run(["pdftotext", "-l", "1", f.name, "-"], capture_output=True, check=True).stdout.decode()
    return " ".join(whole.split()), " ".join(first.split())


def make(client, user, person, capture) -> ExportJob:
    client.force_login(user)
    with capture(execute=True):
        response = client.post(start_url(person))
    assert response.status_code == 302 and response["Location"].startswith("/exports/"), response
    return ExportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def download(client, job: ExportJob) -> bytes:
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.error
    got = client.get(reverse("core:export_download", kwargs={"job_id": job.pk}))
    assert got.status_code == 200
    return b"".join(got.streaming_content)


def test_the_case_file_holds_the_story_chronology_plans_and_assessment_never_what_is_left_out(
    client, allocated_worker, record, django_capture_on_commit_callbacks
):
    job = make(client, allocated_worker, record, django_capture_on_commit_callbacks)
    assert job.kind == "case_file_pdf" and job.parameters == {"person": str(record.pk)}
    assert job.filename == f"case-file-ava-smith-{timezone.localdate():%Y-%m-%d}.pdf"
    pdf = download(client, job)
    assert pdf.startswith(b"%PDF")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "case-file.pdf").write_bytes(pdf)  # kept with the test output, to look at
    text, first = pdf_text(pdf)
    for heading in ("At a glance", "Ava's story", "Chronology", "Assessments", "Plans", "Visits", "Decisions"):
        assert heading in text, heading
    assert "Case file: Ava Smith" in first and "Kerry Smith" in text  # Mum, in the household
    chronology = text[text.index("The curated chronology") : text.index("Understanding Families, started")]
    assert STORY in text and CHRONOLOGY_EVENT in chronology and ANALYSIS in text and CHILDS_VIEWS in text
    assert GOAL in text and REVIEW in text and "7 out of 10" in text and WORDS in text and DECISION in text
    # Date order: the chronology before the story's later entries is kept within each part.
    assert text.index(CHRONOLOGY_EVENT) < text.index(GOAL)
    # Never a confidential address, never a restricted relative; the first page says so.
    assert HIDDEN_ADDRESS not in text and "E1 7HD" not in text
    assert "Hartigan" not in text and "Declan" not in text
    assert "My house" in text and "is kept on the record" not in text  # the drawing is shown, not named
    assert {image.image.size for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images} == {(1, 1)}
    glance = text[: text.index("Current plan:")]
    assert "Asha Rao" in glance and "Quinlan" not in glance  # a professional working with the uncle
    assert "What is left out" in first and "confidential" in first and "restricted" in first
    assert AccessLog.objects.filter(user=allocated_worker, person=record, action="export").exists()


def test_an_auditor_may_export_it(client, auditor, record, django_capture_on_commit_callbacks):
    text, _ = pdf_text(download(client, make(client, auditor, record, django_capture_on_commit_callbacks)))
    assert STORY in text and "Hartigan" not in text and HIDDEN_ADDRESS not in text


def test_other_team_404_and_performance_officer_403(client, other_team_worker, performance_officer, record):
    for user, status in ((other_team_worker, 404), (performance_officer, 403)):
        client.force_login(user)
        assert client.post(start_url(record)).status_code == status, user
    assert not ExportJob.objects.exists()


def test_the_api_checks_the_same_rights_and_the_parameters(api_as, other_team_worker, performance_officer, record):
    url = "/api/v1/exports/"
    assert api_as(other_team_worker).post(url, {"kind": "case_file_pdf", "person": str(record.pk)}).status_code == 404
    assert api_as(performance_officer).post(url, {"kind": "case_file_pdf", "person": str(record.pk)}).status_code == 403
    bad = api_as(other_team_worker).post(url, {"kind": "case_file_pdf", "person": "not-an-id"})
    assert bad.status_code == 400 and "person" in str(bad.json())
    extra = api_as(other_team_worker).post(url, {"kind": "case_file_pdf", "person": str(record.pk), "year": 1})
    assert extra.status_code == 400 and "year" in str(extra.json())


def test_the_service_refuses_without_a_job(allocated_worker, other_team_worker, performance_officer, record):
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404

    with pytest.raises(Http404):
        export_request(by=other_team_worker, kind="case_file_pdf", parameters={"person": str(record.pk)})
    with pytest.raises(PermissionDenied):
        export_request(by=performance_officer, kind="case_file_pdf", parameters={"person": str(record.pk)})
    with pytest.raises(ValidationError):
        export_request(by=allocated_worker, kind="case_file_pdf", parameters={})
    assert not ExportJob.objects.exists()


def test_the_childs_record_offers_the_case_file_to_its_exporters_only(allocated_worker, performance_officer, record):
    factory = RequestFactory()
    for user, offered in ((allocated_worker, True), (performance_officer, False)):
        request = factory.get("/")
        request.user = user
        part = case_file.glance_part(request, record)
        assert (part is not None) is offered, user
        if offered:
            assert part == {"url": start_url(record), "label": "Download the case file (PDF)"}


def test_the_record_page_shows_the_card(client, allocated_worker, record):
    client.force_login(allocated_worker)
    page = client.get(reverse("families:person_detail", kwargs={"person_id": record.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Download the case file (PDF)" in html and start_url(record) in html
