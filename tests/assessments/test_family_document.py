"""The family's copy of an assessment: the print page and the `assessment_pdf` export job.

The PDF is made by the core export job (run eagerly: no broker in tests) and read back with
pdftotext: it holds the section headings, the child's name and the analysis, never a confidential
address nor a restricted relative; a failed job says why and runs again to success; other teams
get 404 and performance officers 403; an authorised assessment's copy keeps its frozen text when
the family's record changes afterwards.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services
from assessments.models import AssessmentTemplate, TemplateStatus
from casework.core.exports import export_request
from casework.core.models import AccessLog, ExportJob, ExportStatus
from families import services as family_services
from families.models import Family, Relationship
from tests.casework.api_support import *  # noqa: F403  (referral, case)
from tests.casework.conftest import school_contact, siblings  # noqa: F401
from tests.factories.assessments import *  # noqa: F403  (template, start, authorised)
from tests.factories.assessments import authorised, start

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.poppler,
]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "assessments"
HIDDEN_ADDRESS = "7 Safe House Road"
ANALYSIS = "Kerry is managing day to day, but there is often no food at home by the end of the week."
CHILDS_VIEWS = "Ava says she likes school breakfast club and wants to stay at home with Mum."


def print_url(assessment) -> str:
    return reverse("assessments:assessment_print", kwargs={"assessment_id": assessment.pk})


def export_url(assessment) -> str:
    return reverse("assessments:assessment_print_export", kwargs={"assessment_id": assessment.pk})


@pytest.fixture
def family(case, siblings, allocated_worker, manager) -> dict:  # noqa: F811
    """The Smith family, held by North: Mum in the household, a restricted uncle linked to Ava,
    and a confidential address the family has moved to (a refuge)."""
    smiths: Family = siblings["family"]
    by = allocated_worker
    mum = family_services.person_create(
        by=by, data={"first_name": "Kerry", "last_name": "Smith", "date_of_birth": datetime.date(1990, 1, 9)}
    )
    family_services.membership_add(
        by=by, family=smiths, person=mum, role="adult", is_subject=False, joined=datetime.date(2020, 1, 1)
    )
    family_services.relationship_create(
        by=by, from_person=mum, to_person=siblings["ava"], data={"kind": "parent", "parental_responsibility": True}
    )
    uncle = family_services.person_create(
        by=by, data={"first_name": "Declan", "last_name": "Hartigan", "date_of_birth": datetime.date(1985, 6, 2)}
    )
    family_services.relationship_create(
        by=by, from_person=uncle, to_person=siblings["ava"], data={"kind": "aunt_uncle"}
    )
    uncle.refresh_from_db()
    family_services.person_set_restriction(
        by=manager, person=uncle, restricted=True, restricted_to=[], expected_version=uncle.version
    )
    smiths.refresh_from_db()
    family_services.family_change_address(
        by=by,
        family=smiths,
        address={"line1": HIDDEN_ADDRESS, "postcode": "E1 7HD", "confidential": True},
        moved_on=timezone.localdate(),
        expected_version=smiths.version,
    )
    return {"ava": siblings["ava"], "mum": mum, "uncle": uncle, "family": smiths}


def write(assessment, by, **sections) -> None:
    assessment.refresh_from_db()
    services.assessment_update(
        user=by,
        assessment=assessment,
        expected_version=assessment.version,
        sections={"childs-views": CHILDS_VIEWS, "what-happens-next": "A family group conference in May.", **sections},
        analysis=ANALYSIS,
    )


@pytest.fixture
def assessment(allocated_worker, case, family, template):
    """A draft Understanding Families assessment of Ava, with her views and the analysis written."""
    draft = start(allocated_worker, case, [family["ava"]])
    write(draft, allocated_worker)
    draft.refresh_from_db()
    return draft


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def keep(pdf: bytes, name: str) -> None:
    """Keep the PDF and its pages as PNG with the test output, to look at."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.pdf"
    path.write_bytes(pdf)
    for old in OUTPUT.glob(f"{name}-*.png"):
        old.unlink()
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(OUTPUT / name)], check=True)


def request_pdf(client, user, assessment, capture):
    client.force_login(user)
    with capture(execute=True):
        return client.post(export_url(assessment))


def job_of(response) -> ExportJob:
    assert response.status_code == 302 and response["Location"].startswith("/exports/"), response
    return ExportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def download(client, job: ExportJob) -> bytes:
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.error
    got = client.get(f"/exports/{job.pk}/download/")
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    return b"".join(got.streaming_content)


# --- The print page -------------------------------------------------------------------------


def test_the_print_page_is_the_family_copy_in_template_order(client, allocated_worker, assessment, family):
    client.force_login(allocated_worker)
    response = client.get(print_url(assessment))
    assert response.status_code == 200
    text = response.content.decode()
    assert "This is the assessment of Ava Smith written by Sam Okafor, social worker." in text
    assert "It explains what we are worried about, what is working well, and what needs to happen." in text
    assert "Draft — not yet agreed" in text and "some details are left out of this copy" in text
    titles = [s["title"] for s in assessment.template.sections if s.get("family_copy") is not False]
    positions = [text.index(f">{title.replace(chr(39), '&#39;')}</h2>") for title in titles]
    assert positions == sorted(positions)  # every family section, in the template's order
    assert "Factors identified" not in text  # "family_copy": false in the template
    assert CHILDS_VIEWS in text and ANALYSIS in text and "Kerry Smith" in text
    assert HIDDEN_ADDRESS not in text and "Hartigan" not in text
    assert "<svg" in text and "Download as PDF" in text
    assert "style-src" in response.headers.get("Content-Security-Policy", "")
    assert AccessLog.objects.filter(user=allocated_worker, person=family["ava"], what__contains="family").exists()


@pytest.mark.parametrize("persona", ["colleague", "manager", "auditor"])
def test_readers_of_the_record_see_the_family_copy(persona, request, client, assessment):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(print_url(assessment))
    assert response.status_code == 200 and ANALYSIS in response.content.decode()


def test_written_kinds_read_plainly_and_sections_kept_back_are_left_out(client, allocated_worker, case, family):
    AssessmentTemplate.objects.create(
        key="local-form",
        name="Local form",
        version=1,
        status=TemplateStatus.PUBLISHED,
        sections=[
            {"key": "columns", "title": "Worries and strengths", "kind": "three_columns", "help": ""},
            {
                "key": "scale",
                "title": "Safety scale",
                "kind": "scale",
                "help": "",
                "viewpoints": ["worker", "family"],
                "anchors": {"0": "Not safe at home", "10": "Safe enough for us to close"},
            },
            {"key": "school", "title": "Is Ava going to school?", "kind": "yes_no", "help": ""},
            {"key": "private", "title": "Notes for the team", "kind": "narrative", "help": "", "family_copy": False},
            {"key": "analysis", "title": "What we think", "kind": "narrative", "help": ""},
        ],
    )
    draft = start(allocated_worker, case, [family["ava"]], template_key="local-form")
    services.assessment_update(
        user=allocated_worker,
        assessment=draft,
        expected_version=draft.version,
        sections={
            "columns": {"worried": "No food by Friday.", "working_well": "Gran helps.", "needs_to_happen": ""},
            "scale": {"worker": 4, "family": 7, "comment": "Mum rates things higher than we do."},
            "school": {"answer": "yes", "detail": "Every day this term."},
            "private": "Check the uncle's contact with the police.",
        },
        analysis=ANALYSIS,
    )
    client.force_login(allocated_worker)
    text = client.get(print_url(draft)).content.decode().replace("&#39;", "'")
    for words in ("What are we worried about?", "No food by Friday.", "What is working well?", "Gran helps."):
        assert words in text, words
    assert "Social worker" in text and "4 out of 10" in text and "Family" in text and "7 out of 10" in text
    assert "0 means" in text and "Not safe at home" in text and "Mum rates things higher" in text
    assert "<strong>Yes</strong>" in text and "Every day this term." in text
    assert text.index("What we think") < text.index(ANALYSIS)
    assert "Notes for the team" not in text and "police" not in text


# --- The PDF ----------------------------------------------------------------------------------


def test_the_pdf_holds_the_headings_the_child_and_the_analysis_never_a_confidential_address(
    client, allocated_worker, assessment, family, django_capture_on_commit_callbacks
):
    job = job_of(request_pdf(client, allocated_worker, assessment, django_capture_on_commit_callbacks))
    assert job.kind == "assessment_pdf" and job.parameters == {"assessment": str(assessment.pk)}
    pdf = download(client, job)
    assert pdf.startswith(b"%PDF")
    keep(pdf, "family-copy-draft")
    assert job.filename == f"assessment-ava-smith-{timezone.localdate():%Y-%m-%d}.pdf"
    text = pdf_text(pdf)
    for heading in (
        "Family membership",
        "Household composition and significant others",
        "Address and telephone",
        "Family tree",
        "The child's views",
        "The family's views",
        "Analysis",
        "What happens next",
    ):
        assert heading in text, heading
    assert "Assessment of Ava Smith" in text and "Kerry Smith" in text
    assert ANALYSIS in text and CHILDS_VIEWS in text and "Draft — not yet agreed" in text
    assert "Factors identified" not in text
    assert HIDDEN_ADDRESS not in text and "E1 7HD" not in text
    assert "Hartigan" not in text and "Declan" not in text
    # The drawings are inline SVG: tagged, each with its own title as the figure's alternative text.
    assert any("enogram" in alt for alt in alt_texts(pdf))
    assert AccessLog.objects.filter(user=allocated_worker, person=family["ava"], action="export").exists()


def alt_texts(pdf: bytes) -> list[str]:
    found: list[str] = []

    def walk(node, depth: int = 0) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if depth > 60:
            return
        if isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"], depth + 1)
        elif isinstance(node, list):
            for child in node:
                walk(child, depth + 1)

    walk(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_a_failed_pdf_job_reports_its_error_and_runs_again_to_success(
    client, allocated_worker, assessment, monkeypatch, django_capture_on_commit_callbacks
):
    import weasyprint

    def out_of_paper(*args, **kwargs):
        raise RuntimeError("The PDF renderer ran out of memory")

    with monkeypatch.context() as patched:
        patched.setattr(weasyprint.HTML, "write_pdf", out_of_paper)
        job = job_of(request_pdf(client, allocated_worker, assessment, django_capture_on_commit_callbacks))
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "ran out of memory" in job.error and not job.file
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "ran out of memory" in page and "Try again" in page
    with django_capture_on_commit_callbacks(execute=True):
        rerun = client.post(f"/exports/{job.pk}/rerun/")
    assert rerun.status_code == 302
    assert ANALYSIS in pdf_text(download(client, job))


# --- Who may ---------------------------------------------------------------------------------


def test_other_team_gets_404_and_performance_officer_403(
    client, api_as, other_team_worker, other_team_manager, performance_officer, assessment
):
    for user in (other_team_worker, other_team_manager):
        client.force_login(user)
        assert client.get(print_url(assessment)).status_code == 404
        assert client.post(export_url(assessment)).status_code == 404
        body = {"kind": "assessment_pdf", "assessment": str(assessment.pk)}
        assert api_as(user).post("/api/v1/exports/", body, format="json").status_code == 404
    client.force_login(performance_officer)
    assert client.get(print_url(assessment)).status_code == 403
    assert client.post(export_url(assessment)).status_code == 403
    body = {"kind": "assessment_pdf", "assessment": str(assessment.pk)}
    assert api_as(performance_officer).post("/api/v1/exports/", body, format="json").status_code == 403
    assert not ExportJob.objects.exists()


def test_an_export_without_a_proper_assessment_id_is_a_field_error(api_as, allocated_worker, assessment):
    for body in ({"kind": "assessment_pdf"}, {"kind": "assessment_pdf", "assessment": "not-an-id"}):
        response = api_as(allocated_worker).post("/api/v1/exports/", body, format="json")
        assert response.status_code == 400 and "assessment" in response.json(), response.content
    response = api_as(allocated_worker).post(
        "/api/v1/exports/", {"kind": "assessment_pdf", "assessment": str(assessment.pk), "colour": "red"}, format="json"
    )
    assert response.status_code == 400 and "colour" in response.json()
    assert not ExportJob.objects.exists()
    response = api_as(allocated_worker).post(
        "/api/v1/exports/", {"kind": "assessment_pdf", "assessment": str(assessment.pk)}, format="json"
    )
    assert response.status_code == 202 and response.json()["kind"] == "assessment_pdf"


def test_a_job_whose_requester_lost_access_makes_no_file(
    allocated_worker, assessment, django_capture_on_commit_callbacks
):
    """The export re-checks the requester's rights when it runs (the case moved to another team)."""
    from casework.core.models import Team

    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = export_request(by=allocated_worker, kind="assessment_pdf", parameters={"assessment": str(assessment.pk)})
    allocated_worker.teams.set([Team.objects.create(name="West", kind="long_term")])
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "no longer have permission" in job.error and not job.file


# --- Frozen once authorised ----------------------------------------------------------------


def test_an_authorised_copy_keeps_its_frozen_text_after_the_family_changes(
    client, allocated_worker, manager, assessment, family, django_capture_on_commit_callbacks
):
    authorised(assessment, allocated_worker, manager)
    mum, smiths = family["mum"], family["family"]
    mum.refresh_from_db()
    family_services.person_update(
        by=allocated_worker, person=mum, changes={"last_name": "Renamed"}, expected_version=mum.version
    )
    newcomer = family_services.person_create(
        by=allocated_worker,
        data={"first_name": "Lodger", "last_name": "Newman", "date_of_birth": datetime.date(1980, 2, 2)},
    )
    family_services.membership_add(
        by=allocated_worker, family=smiths, person=newcomer, role="adult", is_subject=False, joined=timezone.localdate()
    )
    smiths.refresh_from_db()
    family_services.family_change_address(
        by=allocated_worker,
        family=smiths,
        address={"line1": "12 New Street", "postcode": "N2 2BB"},
        moved_on=timezone.localdate(),
        expected_version=smiths.version,
    )
    assert Relationship.objects.filter(from_person=mum).exists()
    job = job_of(request_pdf(client, allocated_worker, assessment, django_capture_on_commit_callbacks))
    pdf = download(client, job)
    keep(pdf, "family-copy-authorised")
    text = pdf_text(pdf)
    assert "Kerry Smith" in text and "Renamed" not in text and "Newman" not in text and "New Street" not in text
    assert f"Authorised by {manager.display_name} on" in text and "Draft" not in text
    page = client.get(print_url(assessment)).content.decode()
    assert "Kerry Smith" in page and "Renamed" not in page and "Newman" not in page and "New Street" not in page
