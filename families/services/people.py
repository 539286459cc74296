"""People: create (search first, no duplicates), update, restrict; warnings."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework.core.access import WRITING_ROLES, access_grant, require_role, team_ids_for
from casework.core.errors import Conflict
from casework.core.models import AccessLevel, Team, User
from casework.core.versioning import counter_next, save_versioned
from families import selectors
from families.events import record_warning
from families.models import Person, PersonName, PersonWarning, WarningKind
from families.validators import normalise_nhs_number, validate_upn

PERSON_FIELDS = {
    "first_name", "last_name", "known_as", "aliases", "date_of_birth", "date_of_birth_estimated",
    "expected_date_of_birth", "date_of_death", "pregnancy_outcome", "sex", "gender_identity",
    "ethnicity", "religion", "first_language", "interpreter_needed", "communication_needs",
    "immigration_status", "uasc", "disabilities", "nhs_number", "upn", "former_upn", "upn_unknown",
    "previous_cp_plans_elsewhere",
}  # fmt: skip


class PossibleDuplicate(Conflict):
    """A close match exists (similar name, same date of birth): ask before creating (409)."""

    def __init__(self, matches: list[Person], user: User) -> None:
        visible = selectors.visible_person_ids(user=user, person_ids=[m.id for m in matches])
        listed = []
        for match in matches:
            if match.restricted and match.id not in visible:
                listed.append(
                    {"id": str(match.id), "first_name": "", "last_name": "", "date_of_birth": None, "restricted": True}
                )
            else:
                listed.append(
                    {
                        "id": str(match.id),
                        "first_name": match.first_name,
                        "last_name": match.last_name,
                        "date_of_birth": match.date_of_birth.isoformat() if match.date_of_birth else None,
                    }
                )
        super().__init__(
            "This may be someone already recorded. Check the possible duplicates; to create a new "
            "record anyway, confirm it is not a duplicate.",
            possible_duplicates=listed,
        )
        self.matches = matches


def _clean_identifiers(data: dict[str, Any]) -> None:
    if data.get("nhs_number") is not None:
        data["nhs_number"] = normalise_nhs_number(str(data["nhs_number"])) or None
    for key in ("upn", "former_upn"):
        if data.get(key):
            data[key] = str(data[key]).strip().upper()
    if data.get("upn") == "":
        data["upn"] = None


def person_validate(person: Person) -> None:
    """Every rule for a person's record, with a message naming the field."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    try:
        person.full_clean(exclude=["la_child_id", "restricted_to"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                add(field, message)
    today = timezone.localdate()
    if person.date_of_birth and person.expected_date_of_birth:
        add("expected_date_of_birth", "Give a date of birth or an expected date of birth, not both")
    if person.date_of_birth and person.date_of_birth > today:
        add("date_of_birth", "Date of birth must be today or in the past")
    if person.date_of_birth and person.date_of_birth.year < 1900:
        add("date_of_birth", "Date of birth must be after 1900: if it is not known, give an estimated date")
    if person.date_of_death:
        if person.date_of_death > today:
            add("date_of_death", "Date of death must be today or in the past")
        if person.date_of_birth and person.date_of_death < person.date_of_birth:
            add("date_of_death", "Date of death cannot be before the date of birth")
        if person.date_of_birth is None and person.expected_date_of_birth:
            add("date_of_death", "An unborn child has no date of death: record the pregnancy outcome")
    if person.date_of_birth_estimated and not person.date_of_birth:
        add("date_of_birth", "Give the estimated date of birth")
    if person.expected_date_of_birth and not person.date_of_birth and person.sex != "U":
        add("sex", "An unborn child's sex is recorded as U (not known until birth)")
    if person.pregnancy_outcome and (person.date_of_birth or not person.expected_date_of_birth):
        add("pregnancy_outcome", "A pregnancy outcome needs an expected date of birth and no date of birth")
    if person.upn and person.upn_unknown:
        add("upn_unknown", "Leave the reason the UPN is unknown empty when the UPN is given")
    if person.former_upn:
        try:
            validate_upn(person.former_upn)
        except ValidationError as exc:
            add("former_upn", exc.messages[0].replace("UPN", "Former UPN", 1))
    if errors:
        raise ValidationError(errors)


def person_notices(person: Person) -> list[str]:
    """Things accepted but worth a worker's attention (not errors)."""
    notices = []
    if person.expected_date_passed:
        notices.append(
            "The expected date of birth has passed and no birth is recorded: record the date of birth, "
            "or the pregnancy outcome, when you know it."
        )
    return notices


def _check_unique_identifiers(person: Person) -> None:
    errors: dict[str, list[str]] = {}
    others = Person.objects.exclude(pk=person.pk)
    if person.nhs_number and others.filter(nhs_number=person.nhs_number).exists():
        errors["nhs_number"] = ["Another person already has this NHS number: search for them instead"]
    if person.upn and others.filter(upn=person.upn).exists():
        errors["upn"] = ["Another person already has this UPN: search for them instead"]
    if person.la_child_id and others.filter(la_child_id=person.la_child_id).exists():
        errors["la_child_id"] = ["This LA child ID is already in use"]
    if errors:
        raise ValidationError(errors)


def _refresh_names(person: Person) -> None:
    """Keep the search names in step with the record (current name, known as, other names)."""
    PersonName.objects.filter(person=person).delete()
    names = [(person.full_name, "current")]
    if person.known_as:
        names.append((f"{person.known_as} {person.last_name}", "known_as"))
    names += [(alias, "alias") for alias in person.aliases]
    PersonName.objects.bulk_create(PersonName(person=person, name=n[:250], kind=k) for n, k in names)


def _new_la_child_id() -> str:
    while True:
        candidate = f"{settings.LA_CODE}C{counter_next('la_child_id'):07d}"
        if not Person.objects.filter(la_child_id=candidate).exists():
            return candidate


@transaction.atomic
def person_create(
    *,
    by: User,
    data: dict[str, Any],
    confirm_not_duplicate: bool = False,
    la_child_id: str | None = None,
    grant_to: list[Team] | None = None,
) -> Person:
    """Create a person after a search; refuse an NHS number or UPN already recorded (400) and
    ask about close matches (409) unless confirmed. The creator's teams get write access until
    a contact or a case gives a team access."""
    require_role(by, *WRITING_ROLES)
    data = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    _clean_identifiers(data)
    person = Person(**data, created_by=by, la_child_id=la_child_id or "")
    person_validate(person)
    if la_child_id is not None:
        from families.validators import validate_la_child_id

        try:
            validate_la_child_id(la_child_id)
        except ValidationError as exc:
            raise ValidationError({"la_child_id": exc.messages}) from exc
    _check_unique_identifiers(person)
    if not confirm_not_duplicate:
        matches = selectors.similar_people(
            first_name=person.first_name, last_name=person.last_name, date_of_birth=person.date_of_birth
        )
        if matches:
            raise PossibleDuplicate(matches, by)
    if not person.la_child_id:
        person.la_child_id = _new_la_child_id()
    person._change_reason = "Created"
    person.save()
    _refresh_names(person)
    teams = grant_to if grant_to is not None else list(Team.objects.filter(id__in=team_ids_for(by)))
    for team in teams:
        access_grant(
            team=team,
            person=person,
            level=AccessLevel.WRITE,
            by=by,
            reason=f"Created by {by.display_name} during search-before-create",
        )
    return person


@transaction.atomic
def person_update(
    *, by: User, person: Person, changes: dict[str, Any], expected_version: int | None, reason: str = ""
) -> Person:
    """Change a person's record (compare-and-swap on `version`); the LA child ID never changes."""
    if not selectors.person_can_write(user=by, person=person):
        raise PermissionDenied("Your team does not hold this record, or your role cannot change it.")
    if "la_child_id" in changes and changes["la_child_id"] != person.la_child_id:
        raise ValidationError({"la_child_id": ["The LA child ID is assigned once and never changes"]})
    changes = {k: v for k, v in changes.items() if k in PERSON_FIELDS}
    _clean_identifiers(changes)
    for name, value in changes.items():
        setattr(person, name, value)
    person_validate(person)
    _check_unique_identifiers(person)
    save_versioned(person, expected_version=expected_version, change_reason=reason or "Updated")
    _refresh_names(person)
    return person


@transaction.atomic
def person_set_restriction(
    *, by: User, person: Person, restricted: bool, restricted_to: list[User], expected_version: int | None
) -> Person:
    """Mark a record restricted and name who may open it (the holding team's manager only)."""
    if not selectors.person_can_manage_restriction(user=by, person=person):
        raise PermissionDenied("Only a manager of the team holding this record can restrict it.")
    person.restricted = restricted
    save_versioned(
        person, expected_version=expected_version, change_reason="Restricted" if restricted else "Restriction lifted"
    )
    person.restricted_to.set(restricted_to if restricted else [])
    return person


# --- Warnings ---------------------------------------------------------------------------------


def _warning_validate(warning: PersonWarning) -> None:
    errors: dict[str, list[str]] = {}
    if warning.kind not in WarningKind.values:
        errors["kind"] = [f"Choose one of: {', '.join(WarningKind.values)}"]
    if not (warning.detail or "").strip():
        errors["detail"] = ["Say what the warning is about, so colleagues can act on it"]
    if warning.from_date is None:
        errors["from_date"] = ["Enter the date the warning applies from"]
    if warning.to_date and warning.from_date and warning.to_date < warning.from_date:
        errors["to_date"] = ["The end date must be on or after the start date"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def warning_add(
    *,
    by: User,
    person: Person,
    kind: str,
    detail: str,
    from_date: datetime.date | None = None,
    to_date: datetime.date | None = None,
) -> PersonWarning:
    """Add a warning; it shows on every page about the person and their family."""
    if not selectors.person_can_write(user=by, person=person):
        raise PermissionDenied("Your team does not hold this record, or your role cannot change it.")
    warning = PersonWarning(
        person=person,
        kind=kind,
        detail=detail,
        created_by=by,
        from_date=from_date or timezone.localdate(),
        to_date=to_date,
    )
    _warning_validate(warning)
    warning.save()
    record_warning(warning, by)
    return warning


@transaction.atomic
def warning_update(
    *, by: User, warning: PersonWarning, changes: dict[str, Any], expected_version: int | None
) -> PersonWarning:
    """Change or end a warning (ending sets `to_date`; the warning stays in history)."""
    if not selectors.person_can_write(user=by, person=warning.person):
        raise PermissionDenied("Your team does not hold this record, or your role cannot change it.")
    was_ended = warning.to_date is not None
    for name in ("kind", "detail", "from_date", "to_date"):
        if name in changes:
            setattr(warning, name, changes[name])
    _warning_validate(warning)
    save_versioned(
        warning,
        expected_version=expected_version,
        change_reason="Ended" if warning.to_date and not was_ended else "Updated",
    )
    record_warning(warning, by)
    return warning
