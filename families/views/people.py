"""People: search, create (search before create, duplicates asked about), the record page,
changing it, its change history, and restricting it."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casework.core.access import WRITING_ROLES, require_role
from casework.core.access_log import log_access
from casework.core.forms import error_summary_params
from casework.core.models import User
from casework.core.pages import StaleRow, add_service_errors, compare_rows, govuk_fields, stale_version_response
from casework.core.record_parts import record_parts_for
from casework.core.versioning import StaleVersion
from families import presenters, selectors, services
from families.forms import DuplicateChoiceForm, PersonForm, PersonSearchForm, RestrictionForm
from families.models import Person
from families.presenters.words import ResultLine
from families.views.common import full_page_for_errors, person_for_change, posted, render_form

CANNOT_CREATE = "Your role cannot create records. Search shows who is known and which team holds them."
PERSON_ERROR_ALIASES = {"date_of_birth_estimated": "estimated_age"}
# The columns of the child at a glance, at the top of the record: what is happening (wide), then
# who, where and which team (narrow). A record part names one as `area` in its context.
GLANCE_AREAS = ("glance-main", "glance-side")

# --- Search -----------------------------------------------------------------------------------


@require_GET
def person_search(request: HttpRequest) -> HttpResponse:
    """Every signed-in user may search; results outside their access say who holds them."""
    form = PersonSearchForm(request.GET or None)
    results, create_params = None, None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        found = selectors.person_search(
            user=request.user,
            q=data["q"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            upn=data["upn"],
        )
        results = presenters.search_lines(found)
        if request.user.role in WRITING_ROLES:
            create_params = form.prefill()
    context = {
        "title": "Find a person",
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        "results": results,
        "create_params": create_params,
    }
    return full_page_for_errors(request, render(request, "families/person_search.html", context), form)


# --- Create -----------------------------------------------------------------------------------


def _onward(request: HttpRequest) -> dict[str, str]:
    """Where a new person goes next: into a family, or into a relationship with someone."""
    params = request.POST if request.method == "POST" else request.GET
    onward = {}
    for key in ("for_family", "for_person"):
        value = params.get(key, "")
        try:
            onward[key] = str(UUID(value)) if value else ""
        except ValueError:
            onward[key] = ""
    return onward


def _after_choosing(request: HttpRequest, person: Person, onward: dict[str, str]) -> HttpResponse:
    if onward["for_family"]:
        url = reverse("families:member_add", kwargs={"family_id": onward["for_family"]})
        return redirect(f"{url}?{urlencode({'person': person.pk})}")
    if onward["for_person"] and onward["for_person"] != str(person.pk):
        return redirect("families:relationship_kind", person_id=onward["for_person"], other_id=person.pk)
    return redirect("families:person_detail", person_id=person.pk)


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    """Create a person, reached from a search and pre-filled from it."""
    require_role(request.user, *WRITING_ROLES, message=CANNOT_CREATE)
    onward = _onward(request)
    if request.method == "GET":
        searched = {k: v for k, v in request.GET.items() if k not in onward}
        if not searched:
            messages.info(request, "Search for the person first, so that nobody is recorded twice.")
            return redirect("families:person_search")
        form = PersonForm(initial=_prefill(searched))
        return _render_person_form(request, form, onward)
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _render_person_form(request, form, onward)
    chose_from_matches = request.POST.get("duplicate_step") == "1"
    confirmed = chose_from_matches and request.POST.get("choice") == DuplicateChoiceForm.NEW
    try:
        person = services.person_create(by=request.user, data=form.to_data(), confirm_not_duplicate=confirmed)
    except services.PossibleDuplicate as duplicate:
        return _possible_duplicates(request, form, duplicate, onward, chose_from_matches)
    except ValidationError as error:
        add_service_errors(form, error, aliases=PERSON_ERROR_ALIASES)
        return _render_person_form(request, form, onward)
    messages.success(request, f"{person.full_name}'s record has been created")
    return _after_choosing(request, person, onward)


def _prefill(searched: dict[str, str]) -> dict[str, object]:
    initial: dict[str, object] = {"previous_cp_plans_elsewhere": 0}
    for key in ("first_name", "last_name", "nhs_number", "upn"):
        if searched.get(key):
            initial[key] = searched[key]
    parts = [searched.get(f"date_of_birth-{p}", "") for p in ("day", "month", "year")]
    if all(parts):
        try:
            initial["date_of_birth"] = datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            initial["date_of_birth"] = parts  # shown as typed; checked when the form is sent
    return initial


def _render_person_form(request: HttpRequest, form: PersonForm, onward: dict[str, str]) -> HttpResponse:
    context = {
        "title": "Create a new person",
        "form": form,
        "form_errors": error_summary_params(form),
        "onward": onward,
        "back_url": reverse("families:person_search"),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "families/person_form.html", context, status=status)


def _possible_duplicates(
    request: HttpRequest,
    form: PersonForm,
    duplicate: services.PossibleDuplicate,
    onward: dict[str, str],
    chose: bool,
) -> HttpResponse:
    """Is it one of these? Use a match the user may open, or confirm someone new."""
    matches = duplicate.matches
    visible = selectors.visible_person_ids(user=request.user, person_ids=[m.pk for m in matches])
    known = selectors.known_to([m.pk for m in matches])
    choices = [
        (str(m.pk), f"{m.full_name}, {_lower_first(presenters.dob_text(m))}") for m in matches if m.pk in visible
    ]
    chooser = DuplicateChoiceForm(request.POST if chose else None, matches=choices)
    if chose and chooser.is_valid():
        chosen = next(m for m in matches if str(m.pk) == chooser.cleaned_data["choice"])
        messages.success(request, f"You chose {chosen.full_name}'s existing record")
        return _after_choosing(request, chosen, onward)
    lines = [ResultLine(m, m.pk in visible, known.get(m.pk, [])) for m in matches]
    carried = [(k, v) for k in request.POST for v in request.POST.getlist(k) if k not in _NOT_CARRIED]
    context = {
        "title": "Is it one of these people?",
        "lines": lines,
        "chooser": chooser,
        "chooser_fields": govuk_fields(chooser),
        "form_errors": error_summary_params(chooser),
        "carried": carried,
        "typed": form.cleaned_data,
    }
    return render(request, "families/person_duplicates.html", context, status=409)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


_NOT_CARRIED = {"csrfmiddlewaretoken", "choice", "duplicate_step"}


# --- The record -------------------------------------------------------------------------------


@require_GET
def person_detail(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """The person's record: at a glance (a child's parts), identity, warnings, families,
    relationships, connections."""
    person = selectors.person_with_record(user=request.user, person_id=person_id)
    record = presenters.person_record(user=request.user, person=person)
    log_access(request, what="Person record", people=[person])
    # Parts other apps add (the child at a glance, episodes, decisions...), without families
    # importing them. A part saying it belongs to the glance is laid out in its column at the top.
    parts = record_parts_for(request, person)
    glance = {area: [p for p in parts if p.context.get("area") == area] for area in GLANCE_AREAS}
    context = {
        "title": person.full_name,
        "record": record,
        "glance_main": glance[GLANCE_AREAS[0]],
        "glance_side": glance[GLANCE_AREAS[1]],
        "record_parts": [p for p in parts if p.context.get("area") not in GLANCE_AREAS],
    }
    return render(request, "families/person_detail.html", context)


@require_GET
def person_history(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Who changed what on this person's record, when and why."""
    person = selectors.person_with_record(user=request.user, person_id=person_id)
    record = presenters.person_record(user=request.user, person=person)
    entries = presenters.person_history(user=request.user, person=person)
    log_access(request, what="Person change history", people=[person])
    context = {"title": f"Change history: {person.full_name}", "record": record, "entries": entries}
    return render(request, "families/person_history.html", context)


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Change a person's record, from the version the form was opened on."""
    person = person_for_change(request, person_id)
    name = person.full_name
    if request.method == "GET":
        log_access(request, what="Change a person's record", people=[person])
        form = PersonForm(initial=PersonForm.initial_for(person), editing=True)
    else:
        form = PersonForm(request.POST, editing=True)
        if form.is_valid():
            changes = form.to_data(person)
            try:
                services.person_update(
                    by=request.user,
                    person=person,
                    changes=changes,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data.get("reason", ""),
                )
            except StaleVersion as stale:
                return stale_version_response(
                    request,
                    record=name,
                    rows=compare_rows(form, stale.current, changes),
                    restart_url=reverse("families:person_edit", kwargs={"person_id": person_id}),
                    cancel_url=reverse("families:person_detail", kwargs={"person_id": person_id}),
                    current=stale.current,
                )
            except ValidationError as error:
                add_service_errors(form, error, aliases=PERSON_ERROR_ALIASES)
            else:
                messages.success(request, f"{person.full_name}'s record has been updated")
                return redirect("families:person_detail", person_id=person.pk)
    context = {
        "title": f"Change {name}'s details",
        "form": form,
        "form_errors": error_summary_params(form),
        "onward": {},
        "back_url": reverse("families:person_detail", kwargs={"person_id": person_id}),
        "person": person,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "families/person_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def person_restriction(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """A manager of the holding team restricts the record and names who else may open it."""
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    if not selectors.person_can_manage_restriction(user=request.user, person=person):
        raise PermissionDenied("Only a manager of the team holding this record can restrict it.")
    team_users = _holding_team_users(person)
    named = list(person.restricted_to.all())
    initial = {
        "restricted": person.restricted,
        "restricted_to": [str(u.pk) for u in named if u in team_users],
        "other_usernames": ", ".join(u.username for u in named if u not in team_users),
        "version": person.version,
    }
    form = RestrictionForm(posted(request), users=team_users, initial=initial)
    if form.is_bound and form.is_valid():
        chosen = _chosen_users(form, team_users)
        if chosen is not None:
            try:
                services.person_set_restriction(
                    by=request.user,
                    person=person,
                    restricted=form.cleaned_data["restricted"],
                    restricted_to=chosen,
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersion as stale:
                return _stale_restriction(request, form, stale, chosen)
            word = "restricted" if person.restricted else "no longer restricted"
            messages.success(request, f"{person.full_name}'s record is {word}")
            return redirect("families:person_detail", person_id=person.pk)
    return render_form(
        request,
        form,
        title="Restrict this record",
        caption=person.full_name,
        back_url=reverse("families:person_detail", kwargs={"person_id": person.pk}),
        submit="Save who can open this record",
        intro="A restricted record opens only for the allocated worker, the managers of the team holding it and the "
        "people you name. Everyone else, including the rest of the team, is told it does not exist. "
        "Every opening of it is logged.",
    )


def _stale_restriction(request: HttpRequest, form: RestrictionForm, stale: StaleVersion, chosen: list[User]):
    current = stale.current
    rows = [
        StaleRow(
            "Restricted", "Yes" if current.restricted else "No", "Yes" if form.cleaned_data["restricted"] else "No"
        ),
        StaleRow(
            "Who else may open it",
            ", ".join(sorted(u.display_name for u in current.restricted_to.all())),
            ", ".join(sorted(u.display_name for u in chosen)),
        ),
    ]
    return stale_version_response(
        request,
        record=current.full_name,
        rows=rows,
        restart_url=reverse("families:person_restriction", kwargs={"person_id": current.pk}),
        cancel_url=reverse("families:person_detail", kwargs={"person_id": current.pk}),
        current=current,
    )


def _holding_team_users(person: Person) -> list[User]:
    from casework.core.access import teams_holding
    from casework.core.models import AccessLevel

    family_ids = [m.family_id for m in person.memberships.all()]
    rows = teams_holding(person_ids=[person.pk], family_ids=family_ids, level=AccessLevel.WRITE)
    team_ids = {row.team_id for row in rows}
    return list(User.objects.filter(teams__in=team_ids, is_active=True).distinct().order_by("first_name", "last_name"))


def _chosen_users(form: RestrictionForm, team_users: list[User]) -> list[User] | None:
    by_id = {str(u.pk): u for u in team_users}
    chosen = [by_id[pk] for pk in form.cleaned_data["restricted_to"]]
    usernames = form.cleaned_data["other_usernames"]
    others = {u.username: u for u in User.objects.filter(username__in=usernames, is_active=True)}
    unknown = [name for name in usernames if name not in others]
    if unknown:
        form.add_error("other_usernames", f"No one has the username {', '.join(unknown)}: check the spelling")
        return None
    return list({u.pk: u for u in [*chosen, *others.values()]}.values())
