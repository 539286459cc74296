"""Chronology pages: a child's and a family's chronology (filtered, paginated, in date order, as
the MOJ timeline), an entry known from elsewhere, curation of an entry, and asking for exports.

Reading follows "Read a child's record, chronology, drawings" (other team 404; performance
officers see structured fields only); writing follows "Curate the chronology; add manual
entries" (a writing role and a team holding write access, else 403). The people and families
are found through their own selectors (families.selectors) so the rules stay in one place.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.chronology_exports import EXPORT_KINDS
from casework.core.access_log import log_access
from casework.core.exports import export_request
from casework.core.forms import error_summary_params
from casework.core.pages import StaleRow, add_service_errors, govuk_fields, stale_version_response
from casework.core.versioning import StaleVersion
from casework.person_exports import may_export
from chronology import presenters, selectors, services
from chronology.forms import INCLUDED_CHOICES, ChronologyFilterForm, CurationForm, ManualEntryForm
from chronology.models import ChronologyEntry
from families import selectors as people
from families.models import FamilyMembership, Person
from families.presenters import person_bar

PAGE_SIZE = 50
CANNOT_CURATE = "Only the teams holding this record can change its chronology; your role or team cannot."


def hidden_people(user: Any, entries: QuerySet[ChronologyEntry]) -> set[Any]:
    """People in these entries whom the reader may not open (their entries are left out)."""
    mentioned = selectors.people_mentioned(entries)
    return mentioned - people.visible_person_ids(user=user, person_ids=list(mentioned))


def person_chronology_entries(user: Any, person: Person) -> QuerySet[ChronologyEntry]:
    """The person's entries the reader may read (nobody they may not open appears)."""
    entries = selectors.entries_for_person(person_id=person.id)
    return selectors.excluding_people(entries, hidden_people(user, entries))


def _page(request: HttpRequest, entries: QuerySet[ChronologyEntry], form: ChronologyFilterForm) -> dict[str, Any]:
    filtered = selectors.apply_filters(entries, form.filters())
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    narrative = people.sees_narrative(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "lines": presenters.entry_lines(page.object_list, narrative=narrative),
        "narrative": narrative,
        "form": form,
        "filter_fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        "query": query.urlencode(),
        "showing_default": not form.is_bound,
    }


@require_GET
def person_chronology(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """A person's chronology: every event concerning them, in date order, filtered."""
    person = people.person_get_for_user(user=request.user, person_id=person_id)
    entries = person_chronology_entries(request.user, person)
    form = ChronologyFilterForm(request.GET, categories=selectors.entry_categories(entries))
    log_access(request, what="Chronology", people=[person])
    here = reverse("chronology:person_chronology", kwargs={"person_id": person.pk})
    context = {
        "title": f"Chronology: {person.full_name}",
        "person": person,
        "bar": person_bar(person),
        "here": here,
        "can_curate": people.person_can_write(user=request.user, person=person),
        "can_export": may_export(request.user),
        "export_kinds": EXPORT_KINDS,
        **_page(request, entries, form),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "chronology/person_chronology.html", context, status=status)


@require_GET
def family_chronology(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """A family's chronology: siblings' and adults' entries merged, each event once."""
    family = people.family_get_for_user(user=request.user, family_id=family_id)
    members = list(FamilyMembership.objects.filter(family=family).select_related("person").order_by("joined"))
    member_ids = [m.person_id for m in members]
    visible_ids = people.visible_person_ids(user=request.user, person_ids=member_ids)
    visible = list({m.person_id: m.person for m in members if m.person_id in visible_ids}.values())
    entries = selectors.entries_for_family(family_id=family.id, member_ids=member_ids)
    entries = selectors.excluding_people(entries, hidden_people(request.user, entries))
    form = ChronologyFilterForm(
        request.GET,
        categories=selectors.entry_categories(entries),
        people=[(str(p.pk), p.full_name) for p in visible],
    )
    log_access(request, what="Family chronology", people=visible, family=family)
    context = {
        "title": f"Chronology: {family.name}",
        "family": family,
        "here": reverse("chronology:family_chronology", kwargs={"family_id": family.pk}),
        "can_curate": people.family_can_write(user=request.user, family=family),
        **_page(request, entries, form),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "chronology/family_chronology.html", context, status=status)


def _person_for_writing(request: HttpRequest, person_id: UUID) -> Person:
    person = people.person_get_for_user(user=request.user, person_id=person_id)
    if not people.person_can_write(user=request.user, person=person):
        raise PermissionDenied(CANNOT_CURATE)
    return person


@require_http_methods(["GET", "POST"])
def manual_entry_add(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Add an event known from elsewhere (a police call-out in 2019, a school exclusion)."""
    person = _person_for_writing(request, person_id)
    back = reverse("chronology:person_chronology", kwargs={"person_id": person.pk})
    form = ManualEntryForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            entry = services.manual_entry_create(by=request.user, people=[person], **form.data_for_service())
        except ValidationError as error:
            add_service_errors(form, error, aliases={"occurred_on": "occurred", "date_precision": "occurred"})
        else:
            messages.success(request, "The entry has been added to the chronology")
            return redirect(f"{back}?filtered=1#entry-{entry.pk}")
    else:
        log_access(request, what="Add a chronology entry", people=[person])
    context = {
        "title": "Add an event known from elsewhere",
        "caption": person.full_name,
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        "back_url": back,
        "submit": "Add to the chronology",
        "intro": "Record something that happened before we knew the child, or that another agency told us: "
        "a police call-out, a school exclusion, a hospital admission.",
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "chronology/entry_form.html", context, status=status)


def _entry_for_writing(request: HttpRequest, entry_id: UUID) -> ChronologyEntry:
    """An entry the user may read (everyone it concerns is visible to them), and may curate."""
    entry = get_object_or_404(selectors.entries_for_any(), pk=entry_id)
    subjects = list(entry.people.all())
    if entry.person is not None and entry.person not in subjects:
        subjects.append(entry.person)
    visible = people.visible_person_ids(user=request.user, person_ids=[p.pk for p in subjects])
    if subjects and len(visible) < len({p.pk for p in subjects}):
        raise Http404
    family_visible = entry.family_id and people.family_list_for_user(user=request.user).filter(pk=entry.family_id)
    if not subjects and not (family_visible and family_visible.exists()):
        raise Http404
    if not any(people.person_can_write(user=request.user, person=p) for p in subjects) and not (
        entry.family_id and people.family_can_write(user=request.user, family=entry.family)
    ):
        raise PermissionDenied(CANNOT_CURATE)
    log_access(request, what="Curate a chronology entry", people=subjects)
    return entry


def _back_url(request: HttpRequest, entry: ChronologyEntry) -> str:
    back = request.POST.get("back") or request.GET.get("back") or ""
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    if entry.person_id:
        return reverse("chronology:person_chronology", kwargs={"person_id": entry.person_id})
    return reverse("chronology:family_chronology", kwargs={"family_id": entry.family_id})


@require_http_methods(["GET", "POST"])
def entry_curate(request: HttpRequest, entry_id: UUID) -> HttpResponse:
    """Mark significance, include or leave out, and write an analysis beside the entry. A
    recorded event's facts stay as recorded; curation is kept apart and survives a rebuild."""
    entry = _entry_for_writing(request, entry_id)
    curation = entry.curation
    back = _back_url(request, entry)
    initial = {
        "significance": curation.significance,
        "included": "yes" if curation.included else "no",
        "analysis": curation.analysis,
        "version": curation.version,
    }
    form = CurationForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_curate(
                by=request.user,
                entry=entry,
                expected_version=data["version"],
                significance=data["significance"],
                included=data["included"] == "yes",
                analysis=data["analysis"],
            )
        except StaleVersion as stale:
            return _stale_curation(request, form, stale, entry, back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The entry has been updated")
            return redirect(f"{back}#entry-{entry.pk}")
    context = {
        "title": "Curate this entry",
        "line": presenters.entry_line(entry, narrative=True),
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        "back_url": back,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "chronology/entry_curate.html", context, status=status)


def _stale_curation(
    request: HttpRequest, form: CurationForm, stale: StaleVersion, entry: ChronologyEntry, back: str
) -> HttpResponse:
    current, typed = stale.current, form.cleaned_data
    words = dict(INCLUDED_CHOICES)
    rows = [
        StaleRow("Significance", current.get_significance_display(), typed["significance"].capitalize()),
        StaleRow("Included", words["yes" if current.included else "no"], words[typed["included"]]),
        StaleRow("Analysis", current.analysis, typed["analysis"]),
    ]
    return stale_version_response(
        request,
        record="this chronology entry",
        rows=rows,
        restart_url=reverse("chronology:entry_curate", kwargs={"entry_id": entry.pk}) + f"?back={back}",
        cancel_url=back,
        current=current,
    )


@require_POST
def person_chronology_export(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Ask for the chronology as CSV or as the court (PLO) PDF, then show the job's progress."""
    person = people.person_get_for_user(user=request.user, person_id=person_id)
    kind = request.POST.get("kind", "")
    if kind not in dict(EXPORT_KINDS):
        messages.error(request, "Choose the CSV or the court PDF")
        return redirect("chronology:person_chronology", person_id=person.pk)
    job = export_request(by=request.user, kind=kind, parameters={"person": str(person.pk)})
    return redirect("core:export_job", job_id=job.pk)
