"""From a person's record: warnings, relationships (choose the person, how they are related,
then the details) and community connections."""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework.core.forms import error_summary_params
from casework.core.pages import add_service_errors, compare_rows, govuk_fields, stale_version_response
from casework.core.versioning import StaleVersion
from families import presenters, selectors, services
from families.forms import (
    ConnectionForm,
    NameSearchForm,
    RelationshipDetailsForm,
    RelationshipEndForm,
    RelationshipKindForm,
    WarningEndForm,
    WarningForm,
)
from families.models import PR_KINDS, Connection, FamilyMembership, Person, PersonWarning, RelationshipKind
from families.presenters.words import relationship_line
from families.views.common import full_page_for_errors, person_for_change, posted, render_form
from families.wording import describe


def _record_url(person: Person) -> str:
    return reverse("families:person_detail", kwargs={"person_id": person.pk})


def _stale(request: HttpRequest, form, stale: StaleVersion, typed: dict, person: Person, restart_url: str):
    return stale_version_response(
        request,
        record=person.full_name,
        rows=compare_rows(form, stale.current, typed),
        restart_url=restart_url,
        cancel_url=_record_url(person),
        current=stale.current,
    )


# --- Warnings ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def warning_add(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """A warning shows on every page about the person and their family."""
    person = person_for_change(request, person_id)
    form = WarningForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            services.warning_add(by=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The warning has been added to {person.full_name}'s record")
            return redirect("families:person_detail", person_id=person.pk)
    return render_form(
        request,
        form,
        title="Add a warning",
        caption=person.full_name,
        back_url=_record_url(person),
        submit="Add the warning",
    )


@require_http_methods(["GET", "POST"])
def warning_end(request: HttpRequest, person_id: UUID, warning_id: UUID) -> HttpResponse:
    """End a warning: it stays in the record's warning history."""
    person = person_for_change(request, person_id)
    warning = get_object_or_404(PersonWarning, person=person, pk=warning_id, to_date__isnull=True)
    form = WarningEndForm(posted(request), initial={"version": warning.version})
    if form.is_bound and form.is_valid():
        changes = {"to_date": form.cleaned_data["to_date"]}
        try:
            services.warning_update(
                by=request.user, warning=warning, changes=changes, expected_version=form.cleaned_data["version"]
            )
        except StaleVersion as stale:
            restart = reverse("families:warning_end", kwargs={"person_id": person.pk, "warning_id": warning.pk})
            return _stale(request, form, stale, changes, person, restart)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The warning has ended. It is kept in the warning history.")
            return redirect("families:person_detail", person_id=person.pk)
    return render_form(
        request,
        form,
        title=f"End the warning: {warning.get_kind_display().lower()}",
        caption=person.full_name,
        intro=f"It has applied since {presenters.date_uk(warning.from_date)}.",
        back_url=_record_url(person),
        submit="End the warning",
    )


# --- Relationships ----------------------------------------------------------------------------


@require_http_methods(["GET"])
def relationship_choose(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Step 1: who is the other person? Members of their families, or anyone found by a search."""
    person = person_for_change(request, person_id)
    family_ids = FamilyMembership.objects.filter(person=person, left__isnull=True).values("family_id")
    memberships = list(
        FamilyMembership.objects.filter(family_id__in=family_ids, left__isnull=True)
        .exclude(person=person)
        .select_related("person", "family")
        .order_by("family__name", "person__first_name")
    )
    visible = selectors.visible_person_ids(user=request.user, person_ids=[m.person_id for m in memberships])
    form = NameSearchForm(request.GET or None)
    results, create_params = None, None
    if form.is_bound and form.is_valid():
        found = selectors.person_search(user=request.user, q=form.cleaned_data["q"], limit=20)
        results = [line for line in presenters.search_lines(found) if line.person.pk != person.pk]
        create_params = form.prefill(for_person=person.pk)
    context = {
        "title": f"Add a relationship for {person.full_name}",
        "person": person,
        "members": [m for m in memberships if m.person_id in visible],
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        "results": results,
        "create_params": create_params,
        "back_url": _record_url(person),
    }
    return full_page_for_errors(request, render(request, "families/relationship_choose.html", context), form)


def _pair(request: HttpRequest, person_id: UUID, other_id: UUID) -> tuple[Person, Person]:
    person = person_for_change(request, person_id)
    other = selectors.person_get_linkable(user=request.user, person_id=other_id)
    if other.pk == person.pk:
        raise Http404("A person cannot have a relationship with themselves")
    return person, other


@require_http_methods(["GET", "POST"])
def relationship_kind(request: HttpRequest, person_id: UUID, other_id: UUID) -> HttpResponse:
    """Step 2: how they are related, as sentences, so the direction is never in doubt."""
    person, other = _pair(request, person_id, other_id)
    form = RelationshipKindForm(
        posted(request),
        choices=presenters.relation_choices(person, other),
        label=f"How is {other.full_name} related to {person.full_name}?",
        initial={"relation": request.GET.get("relation", "")},
    )
    if form.is_bound and form.is_valid():
        url = reverse("families:relationship_details", kwargs={"person_id": person.pk, "other_id": other.pk})
        return redirect(f"{url}?{urlencode({'relation': form.cleaned_data['relation']})}")
    return render_form(
        request,
        form,
        title=f"How is {other.full_name} related to {person.full_name}?",
        caption=f"Add a relationship for {person.full_name}",
        back_url=reverse("families:relationship_choose", kwargs={"person_id": person.pk}),
        submit="Continue",
        extra={"heading_in_fields": True},
    )


@require_http_methods(["GET", "POST"])
def relationship_details(request: HttpRequest, person_id: UUID, other_id: UUID) -> HttpResponse:
    """Step 3: parental responsibility (for kinds that can hold it), dates, quality, notes."""
    person, other = _pair(request, person_id, other_id)
    chosen = request.POST.get("relation") or request.GET.get("relation", "")
    relation = presenters.parse_relation(chosen, me=person, other=other)
    kind_url = reverse("families:relationship_kind", kwargs={"person_id": person.pk, "other_id": other.pk})
    if relation is None:
        return redirect(kind_url)
    form = RelationshipDetailsForm(
        posted(request),
        pr_label=relation.pr_label if relation.can_hold_pr else None,
        twins=relation.kind == RelationshipKind.TWIN,
    )
    if form.is_bound and form.is_valid():
        data = {"kind": relation.kind, **form.cleaned_data, "emotional": form.cleaned_data["emotional"] or None}
        try:
            rel = services.relationship_create(
                by=request.user, from_person=relation.from_person, to_person=relation.to_person, data=data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Relationship recorded: {describe(rel, about=person)}")
            return redirect("families:person_detail", person_id=person.pk)
    return render_form(
        request,
        form,
        title="About the relationship",
        caption=f"Add a relationship for {person.full_name}",
        back_url=f"{kind_url}?{urlencode({'relation': chosen})}",
        submit="Save the relationship",
        template="families/relationship_details.html",
        extra={
            "relation": relation,
            "hidden": {"relation": chosen},
            "change_url": f"{kind_url}?{urlencode({'relation': chosen})}",
        },
    )


def _relationship(request: HttpRequest, person_id: UUID, relationship_id: UUID):
    person = person_for_change(request, person_id)
    rel = get_object_or_404(selectors.relationships_for(person_ids=[person.pk]), pk=relationship_id)
    other = rel.other(person.pk)
    visible = selectors.visible_person_ids(user=request.user, person_ids=[other.pk])
    line = relationship_line(rel, about=person, visible_ids=visible, narrative=True)
    return person, rel, line, other.pk in visible or not other.restricted


@require_http_methods(["GET", "POST"])
def relationship_edit(request: HttpRequest, person_id: UUID, relationship_id: UUID) -> HttpResponse:
    person, rel, line, named = _relationship(request, person_id, relationship_id)
    pr_label = None
    if rel.kind in PR_KINDS:
        holder = rel.from_person.full_name if (named or rel.from_person_id == person.pk) else "They"
        child = rel.to_person.full_name if (named or rel.to_person_id == person.pk) else "them"
        pr_label = f"{holder} holds parental responsibility for {child}"
    initial = {
        "parental_responsibility": rel.parental_responsibility,
        "identical": rel.identical,
        "start_date": rel.start_date,
        "emotional": rel.emotional or "",
        "notes": rel.notes,
        "version": rel.version,
    }
    form = RelationshipDetailsForm(
        posted(request), pr_label=pr_label, twins=rel.kind == RelationshipKind.TWIN, editing=True, initial=initial
    )
    if form.is_bound and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        changes["emotional"] = changes.get("emotional") or None
        try:
            services.relationship_update(
                by=request.user, relationship=rel, changes=changes, expected_version=form.cleaned_data["version"]
            )
        except StaleVersion as stale:
            restart = reverse("families:relationship_edit", kwargs={"person_id": person.pk, "relationship_id": rel.pk})
            return _stale(request, form, stale, changes, person, restart)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The relationship has been updated")
            return redirect("families:person_detail", person_id=person.pk)
    return render_form(
        request, form, title="Change the relationship", caption=line.sentence, back_url=_record_url(person)
    )


@require_http_methods(["GET", "POST"])
def relationship_end(request: HttpRequest, person_id: UUID, relationship_id: UUID) -> HttpResponse:
    """End a relationship (separated, divorced, an order ended): kept in history."""
    person, rel, line, _ = _relationship(request, person_id, relationship_id)
    if rel.end_date is not None:
        raise Http404("This relationship has already ended")
    form = RelationshipEndForm(posted(request), initial={"version": rel.version})
    if rel.kind in (RelationshipKind.SPOUSE, RelationshipKind.PARTNER):
        form.fields["end_date"].label = "Date they separated"
    if form.is_bound and form.is_valid():
        try:
            services.relationship_end(
                by=request.user,
                relationship=rel,
                end_date=form.cleaned_data["end_date"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            restart = reverse("families:relationship_end", kwargs={"person_id": person.pk, "relationship_id": rel.pk})
            return _stale(request, form, stale, {"end_date": form.cleaned_data["end_date"]}, person, restart)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The relationship has ended. It is kept in the record's history.")
            return redirect("families:person_detail", person_id=person.pk)
    return render_form(
        request,
        form,
        title="End the relationship",
        caption=line.sentence,
        back_url=_record_url(person),
        submit="End the relationship",
    )


# --- Connections ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def connection_add(request: HttpRequest, person_id: UUID) -> HttpResponse:
    person = person_for_change(request, person_id)
    form = ConnectionForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            services.connection_create(by=request.user, person=person, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been added to {person.full_name}'s connections")
            return redirect("families:person_detail", person_id=person.pk)
    return render_form(
        request, form, title="Add a community connection", caption=person.full_name, back_url=_record_url(person)
    )


@require_http_methods(["GET", "POST"])
def connection_edit(request: HttpRequest, person_id: UUID, connection_id: UUID) -> HttpResponse:
    person = person_for_change(request, person_id)
    connection = get_object_or_404(Connection, person=person, pk=connection_id)
    initial = {k: getattr(connection, k) for k in ("name", "kind", "strength", "energy", "notes", "version")}
    form = ConnectionForm(posted(request), editing=True, initial=initial)
    if form.is_bound and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.connection_update(
                by=request.user, connection=connection, changes=changes, expected_version=form.cleaned_data["version"]
            )
        except StaleVersion as stale:
            restart = reverse(
                "families:connection_edit", kwargs={"person_id": person.pk, "connection_id": connection.pk}
            )
            return _stale(request, form, stale, changes, person, restart)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{connection.name} has been updated")
            return redirect("families:person_detail", person_id=person.pk)
    return render_form(
        request,
        form,
        title=f"Change the connection: {connection.name}",
        caption=person.full_name,
        back_url=_record_url(person),
    )
