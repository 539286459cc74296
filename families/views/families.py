"""Families: create, the family page, change, moves of address, members joining and leaving,
professionals involved."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casework.core.access import WRITING_ROLES, require_role
from casework.core.access_log import log_access
from casework.core.forms import error_summary_params
from casework.core.pages import StaleRow, add_service_errors, compare_rows, govuk_fields, stale_version_response
from casework.core.versioning import StaleVersion
from families import presenters, selectors, services
from families.forms import (
    FamilyCreateForm,
    FamilyEditForm,
    FamilySearchForm,
    MemberAddForm,
    MemberEditForm,
    MemberEndForm,
    MoveForm,
    NameSearchForm,
    ProfessionalForm,
)
from families.models import FamilyAddress, FamilyMembership, MemberRole, Person
from families.views.common import family_for_change, full_page_for_errors, person_for_change, posted, render_form

ADDRESS_ALIASES = {"address": "line1"}


def _family_url(family_id) -> str:
    return reverse("families:family_detail", kwargs={"family_id": family_id})


@require_GET
def family_detail(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """The family: members (children first), address, relationships, professionals, warnings."""
    family = selectors.family_with_members(user=request.user, family_id=family_id)
    page = presenters.family_page(user=request.user, family=family)
    log_access(request, what="Family record", people=page.visible_people, family=family)
    return render(request, "families/family_detail.html", {"title": family.name, "page": page})


@require_http_methods(["GET", "POST"])
def family_create(request: HttpRequest) -> HttpResponse:
    """Record a family, optionally with a first member (from that person's record)."""
    require_role(request.user, *WRITING_ROLES, message="Your role cannot record families.")
    first = _first_member(request)
    initial = {"name": f"{first.last_name} family" if first else ""}
    if first is not None:
        initial["role"] = MemberRole.CHILD if first.is_child else MemberRole.ADULT
        initial["is_subject"] = first.is_child
    form = FamilyCreateForm(posted(request), first_member=first, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                family = services.family_create(
                    by=request.user,
                    name=data["name"],
                    telephone=data["telephone"],
                    address=form.address(),
                    moved_in=data["moved_in"],
                )
                if first is not None:
                    services.membership_add(
                        by=request.user, family=family, person=first, role=data["role"], is_subject=data["is_subject"]
                    )
        except ValidationError as error:
            add_service_errors(form, error, aliases=ADDRESS_ALIASES)
        else:
            messages.success(request, f"The {family.name} has been recorded")
            return redirect("families:family_detail", family_id=family.pk)
    back = (
        reverse("families:person_detail", kwargs={"person_id": first.pk})
        if first
        else reverse("families:person_search")
    )
    return render_form(
        request,
        form,
        title="Record a family",
        caption=f"With {first.full_name}" if first else "",
        back_url=back,
        submit="Record the family",
    )


def _first_member(request: HttpRequest) -> Person | None:
    value = request.POST.get("person") or request.GET.get("person")
    if not value:
        return None
    try:
        return person_for_change(request, UUID(value))
    except ValueError as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, family_id: UUID) -> HttpResponse:
    family = family_for_change(request, family_id)
    initial = {"name": family.name, "telephone": family.telephone, "version": family.version}
    form = FamilyEditForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        changes = {"name": form.cleaned_data["name"], "telephone": form.cleaned_data["telephone"]}
        try:
            services.family_update(
                by=request.user, family=family, changes=changes, expected_version=form.cleaned_data["version"]
            )
        except StaleVersion as stale:
            return _stale(request, form, stale, changes, "families:family_edit", family_id)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The family's details have been updated")
            return redirect("families:family_detail", family_id=family.pk)
    return render_form(
        request, form, title="Change the family's details", caption=family.name, back_url=_family_url(family_id)
    )


def _stale(request, form, stale: StaleVersion, typed: dict, url_name: str, family_id, **kwargs) -> HttpResponse:
    return stale_version_response(
        request,
        record=str(stale.current),
        rows=compare_rows(form, stale.current, typed),
        restart_url=reverse(url_name, kwargs={"family_id": family_id, **kwargs}),
        cancel_url=_family_url(family_id),
        current=stale.current,
    )


@require_http_methods(["GET", "POST"])
def family_move(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """Record a move: the new address from a date (the old one stays in the address history)."""
    family = family_for_change(request, family_id)
    form = MoveForm(posted(request), initial={"version": family.version})
    if form.is_bound and form.is_valid():
        try:
            services.family_change_address(
                by=request.user,
                family=family,
                address=form.address(),
                moved_on=form.cleaned_data["moved_on"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            return _stale_move(request, form, stale)
        except ValidationError as error:
            add_service_errors(form, error, aliases=ADDRESS_ALIASES)
        else:
            messages.success(request, "The move has been recorded")
            return redirect("families:family_detail", family_id=family.pk)
    return render_form(
        request,
        form,
        title="Record a move",
        caption=family.name,
        back_url=_family_url(family_id),
        submit="Record the move",
    )


def _stale_move(request: HttpRequest, form: MoveForm, stale: StaleVersion) -> HttpResponse:
    family = stale.current
    saved = family.addresses.filter(to_date__isnull=True).first()
    typed = FamilyAddress(**form.address())
    rows = [
        StaleRow("Current address", str(saved) if saved else "", str(typed)),
        StaleRow(
            "Moved on",
            presenters.date_uk(saved.from_date) if saved else "",
            presenters.date_uk(form.cleaned_data["moved_on"]),
        ),
    ]
    return stale_version_response(
        request,
        record=family.name,
        rows=rows,
        restart_url=reverse("families:family_move", kwargs={"family_id": family.pk}),
        cancel_url=_family_url(family.pk),
        current=family,
    )


# --- Members ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """Find the person (search within the page), then say child or adult and since when."""
    family = family_for_change(request, family_id)
    person_id = request.POST.get("person") or request.GET.get("person")
    if not person_id:
        return _member_search(request, family)
    try:
        person = selectors.person_get_for_user(user=request.user, person_id=UUID(person_id))
    except ValueError as exc:
        raise Http404 from exc
    initial = {"role": MemberRole.CHILD if person.is_child else MemberRole.ADULT}
    form = MemberAddForm(posted(request), person=person, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_add(
                by=request.user,
                family=family,
                person=person,
                role=data["role"],
                is_subject=data["is_subject"],
                joined=data["joined"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} has been added to the {family.name}")
            return redirect("families:family_detail", family_id=family.pk)
    return render_form(
        request,
        form,
        title=f"Add {person.full_name} to the {family.name}",
        caption=presenters.dob_text(person),
        back_url=reverse("families:member_add", kwargs={"family_id": family.pk}),
        submit="Add to the family",
        extra={"hidden": {"person": person.pk}},
    )


def _member_search(request: HttpRequest, family) -> HttpResponse:
    form = NameSearchForm(request.GET or None)
    results = None
    create_params = None
    if form.is_bound and form.is_valid():
        found = selectors.person_search(user=request.user, q=form.cleaned_data["q"], limit=20)
        current = {m.person_id for m in family.memberships.filter(left__isnull=True)}
        results = [line for line in presenters.search_lines(found) if line.person.pk not in current]
        create_params = form.prefill(for_family=family.pk)
    context = {
        "title": f"Add a member to the {family.name}",
        "family": family,
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        "results": results,
        "create_params": create_params,
        "choose_url": reverse("families:member_add", kwargs={"family_id": family.pk}),
        "back_url": _family_url(family.pk),
    }
    return full_page_for_errors(request, render(request, "families/member_search.html", context), form)


def _membership(request: HttpRequest, family_id: UUID, person_id: UUID) -> tuple:
    family = family_for_change(request, family_id)
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    membership = get_object_or_404(FamilyMembership, family=family, person=person, left__isnull=True)
    return family, person, membership


@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, family_id: UUID, person_id: UUID) -> HttpResponse:
    family, person, membership = _membership(request, family_id, person_id)
    initial = {"role": membership.role, "is_subject": membership.is_subject}
    form = MemberEditForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.membership_update(
                by=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                is_subject=form.cleaned_data["is_subject"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name}'s membership has been updated")
            return redirect("families:family_detail", family_id=family.pk)
    return render_form(
        request,
        form,
        title=f"{person.full_name} in the {family.name}",
        caption=family.name,
        back_url=_family_url(family.pk),
    )


@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, family_id: UUID, person_id: UUID) -> HttpResponse:
    """A member leaves: the membership is kept, with the date they left."""
    family, person, membership = _membership(request, family_id, person_id)
    form = MemberEndForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            services.membership_end(by=request.user, family=family, person=person, left=form.cleaned_data["left"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} has left the {family.name}")
            return redirect("families:family_detail", family_id=family.pk)
    return render_form(
        request,
        form,
        title=f"{person.full_name} has left the {family.name}",
        caption=family.name,
        intro=f"They joined on {presenters.date_uk(membership.joined)}. They will be shown as a past member, "
        "with the dates, and their own record is kept.",
        back_url=_family_url(family.pk),
        submit="Save the date they left",
    )


# --- Professionals ----------------------------------------------------------------------------


def _members(family) -> list[Person]:
    memberships = family.memberships.filter(left__isnull=True).select_related("person")
    return [m.person for m in memberships]


@require_http_methods(["GET", "POST"])
def professional_add(request: HttpRequest, family_id: UUID) -> HttpResponse:
    family = family_for_change(request, family_id)
    members = _visible(request, _members(family))
    form = ProfessionalForm(posted(request), members=members)
    if form.is_bound and form.is_valid():
        try:
            services.professional_create(by=request.user, family=family, data=form.to_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been added to the professionals involved")
            return redirect("families:family_detail", family_id=family.pk)
    return render_form(
        request, form, title="Add a professional involved", caption=family.name, back_url=_family_url(family.pk)
    )


@require_http_methods(["GET", "POST"])
def professional_edit(request: HttpRequest, family_id: UUID, professional_id: UUID) -> HttpResponse:
    family = family_for_change(request, family_id)
    professional = get_object_or_404(family.professionals.select_related("working_with"), pk=professional_id)
    members = _visible(request, _members(family))
    if professional.working_with and professional.working_with not in members:
        members.append(professional.working_with)
    initial = {
        **{k: getattr(professional, k) for k in ("name", "role", "agency", "telephone", "email", "contributed")},
        "working_with": str(professional.working_with_id or ""),
        "from_date": professional.from_date,
        "to_date": professional.to_date,
        "version": professional.version,
    }
    form = ProfessionalForm(posted(request), members=members, editing=True, initial=initial)
    if form.is_bound and form.is_valid():
        changes = form.to_data()
        try:
            services.professional_update(
                by=request.user,
                professional=professional,
                changes=changes,
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            return _stale(
                request, form, stale, changes, "families:professional_edit", family.pk, professional_id=professional_id
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{professional.name}'s details have been updated")
            return redirect("families:family_detail", family_id=family.pk)
    return render_form(
        request,
        form,
        title=f"Change {professional.name}'s details",
        caption=family.name,
        back_url=_family_url(family.pk),
    )


def _visible(request: HttpRequest, people: list[Person]) -> list[Person]:
    visible = selectors.visible_person_ids(user=request.user, person_ids=[p.pk for p in people])
    return [p for p in people if p.pk in visible]


# --- A person joins a family ------------------------------------------------------------------


@require_GET
def person_join_family(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """From a person's record: choose one of the families your team holds, or record a new one."""
    person = person_for_change(request, person_id)
    form = FamilySearchForm(request.GET or None)
    already = FamilyMembership.objects.filter(person=person, left__isnull=True).values("family_id")
    families = selectors.family_list_writable_for_user(user=request.user).exclude(id__in=already)
    searched = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    if searched:
        families = families.filter(name__icontains=searched)
    context = {
        "title": f"Add {person.full_name} to a family",
        "person": person,
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": None,
        "families": list(families.order_by("name")[:25]),
        "searched": searched,
    }
    return render(request, "families/person_join_family.html", context)
