"""The People and families API's representations (API.md): parse input, shape output.

Serializers check types and sizes only; every rule of the record is the services' (so pages and
the API refuse the same things with the same words). Narrative text is left out for
performance officers (`sees_narrative`), and a confidential address for read-only users.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework.core.codes import ETHNICITY, UPN_UNKNOWN, Sex
from casework.core.models import User
from families.models import (
    ConnectionKind,
    Emotional,
    Energy,
    MemberRole,
    PregnancyOutcome,
    RelationshipKind,
    Strength,
    WarningKind,
)
from families.services.people import person_notices
from families.wording import describe

MAX_VERSION = 2**31 - 1


def _sees_narrative(context: dict[str, Any]) -> bool:
    return context.get("sees_narrative", True)


class NarrativeField(serializers.CharField):
    """Free text about a person: null for users who read structured fields only."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        if not _sees_narrative(self.context):
            return None  # rendered as null
        return super().get_attribute(instance)


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_VERSION,
        help_text="The version you read; a PATCH must send it (stale or missing: 409, nothing saved).",
    )


# --- People ------------------------------------------------------------------------------------


class WarningSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    person = serializers.UUIDField(source="person_id", read_only=True)
    kind = serializers.ChoiceField(choices=WarningKind.choices)
    detail = NarrativeField(help_text="Narrative: null for performance officers.")
    from_date = serializers.DateField(required=False, help_text="Default: today.")
    to_date = serializers.DateField(required=False, allow_null=True, help_text="Set it to end the warning.")
    is_current = serializers.BooleanField(read_only=True)
    version = version_field()


class PersonSerializer(serializers.Serializer):
    """A person's record. `la_child_id` is assigned by the system (or given once on import)."""

    id = serializers.UUIDField(read_only=True)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    known_as = serializers.CharField(max_length=100, allow_blank=True, required=False)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200),
        max_length=50,
        required=False,
        help_text="Other and previous names (searched too).",
    )
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    date_of_birth_estimated = serializers.BooleanField(required=False)
    expected_date_of_birth = serializers.DateField(required=False, allow_null=True)
    date_of_death = serializers.DateField(required=False, allow_null=True)
    pregnancy_outcome = serializers.ChoiceField(choices=PregnancyOutcome.choices, required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, help_text="U for an unborn child.")
    gender_identity = serializers.CharField(max_length=100, allow_blank=True, required=False)
    ethnicity = serializers.ChoiceField(choices=ETHNICITY, allow_blank=True, required=False)
    religion = serializers.CharField(max_length=100, allow_blank=True, required=False)
    first_language = serializers.CharField(max_length=100, allow_blank=True, required=False)
    interpreter_needed = serializers.BooleanField(required=False)
    communication_needs = serializers.CharField(max_length=500, allow_blank=True, required=False)
    immigration_status = serializers.CharField(max_length=100, allow_blank=True, required=False)
    uasc = serializers.BooleanField(required=False)
    disabilities = serializers.ListField(
        child=serializers.CharField(max_length=10),
        max_length=20,
        required=False,
        help_text='DfE disability codes; ["NONE"] when none.',
    )
    nhs_number = serializers.CharField(
        max_length=20, allow_null=True, allow_blank=True, required=False, help_text="10 digits (spaces allowed)."
    )
    upn = serializers.CharField(max_length=20, allow_null=True, allow_blank=True, required=False)
    former_upn = serializers.CharField(max_length=13, allow_blank=True, required=False)
    upn_unknown = serializers.ChoiceField(choices=UPN_UNKNOWN, allow_blank=True, required=False)
    previous_cp_plans_elsewhere = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    restricted = serializers.BooleanField(required=False, help_text="Set by the holding team's manager only.")
    restricted_to = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=User.objects.filter(is_active=True),
        pk_field=serializers.UUIDField(),
        help_text="User ids who may open a restricted record (set by the holding team's manager).",
    )
    la_child_id = serializers.CharField(
        max_length=20, required=False, help_text="Assigned by the system; may be given once, on POST, for imports."
    )
    is_child = serializers.BooleanField(read_only=True)
    known_to = serializers.SerializerMethodField(help_text="Teams holding the person.")
    warnings = serializers.SerializerMethodField(help_text="Current warnings.")
    notices = serializers.SerializerMethodField(help_text="Accepted, but worth attention.")
    version = version_field()
    confirm_not_duplicate = serializers.BooleanField(
        write_only=True, required=False, help_text="Create even though a similar person exists."
    )

    def get_known_to(self, person: Any) -> list[str]:
        return self.context.get("known_to", {}).get(person.pk, [])

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, person: Any) -> list[dict[str, Any]]:
        current = [w for w in person.warnings.all() if w.is_current]
        return WarningSerializer(current, many=True, context=self.context).data

    def get_notices(self, person: Any) -> list[str]:
        return person_notices(person)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        restricted = attrs.get("restricted", getattr(self.instance, "restricted", False))
        if attrs.get("restricted_to") and not restricted:
            raise serializers.ValidationError({"restricted_to": ["Only a restricted record names who may open it"]})
        return attrs


class PersonSummarySerializer(serializers.Serializer):
    """A search result (selectors.SearchResult) outside the user's access: names and date of
    birth only, and the teams holding the person."""

    id = serializers.UUIDField(source="person.id")
    first_name = serializers.CharField(source="person.first_name")
    last_name = serializers.CharField(source="person.last_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    known_to = serializers.ListField(child=serializers.CharField())


class RestrictedPersonSerializer(serializers.Serializer):
    """A restricted record outside the user's access: that it exists, and who holds it."""

    id = serializers.UUIDField(source="person.id")
    restricted = serializers.BooleanField(source="person.restricted")
    known_to = serializers.ListField(child=serializers.CharField())


class PersonSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text="A name (or other name).")
    date_of_birth = serializers.DateField(required=False)
    nhs_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    upn = serializers.CharField(max_length=20, required=False, allow_blank=True)


# --- Families ----------------------------------------------------------------------------------


class AddressSerializer(serializers.Serializer):
    line1 = serializers.CharField(max_length=200)
    line2 = serializers.CharField(max_length=200, allow_blank=True, required=False)
    town = serializers.CharField(max_length=100, allow_blank=True, required=False)
    postcode = serializers.CharField(max_length=10, allow_blank=True, required=False)
    confidential = serializers.BooleanField(required=False)
    from_date = serializers.DateField(read_only=True)


class MemberSerializer(serializers.Serializer):
    person = serializers.UUIDField(source="person_id")
    name = serializers.CharField(source="person.full_name", read_only=True)
    role = serializers.ChoiceField(choices=MemberRole.choices)
    is_subject = serializers.BooleanField(required=False)
    joined = serializers.DateField(required=False, help_text="Default: today.")
    left = serializers.DateField(read_only=True)


class MemberLeftQuerySerializer(serializers.Serializer):
    left = serializers.DateField(required=False, help_text="The date they left (default: today).")


class FamilySerializer(serializers.Serializer):
    """A family as read: the current address (unless confidential and the user may only read),
    and every membership, past ones included."""

    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    address = serializers.SerializerMethodField()
    address_confidential = serializers.SerializerMethodField(
        help_text="True when the current address is confidential (shown only to users with write access)."
    )
    telephone = serializers.CharField(read_only=True)
    members = serializers.SerializerMethodField(help_text="Current and past members.")
    version = serializers.IntegerField(read_only=True)

    def _current_address(self, family: Any) -> Any:
        return next((a for a in family.addresses.all() if a.to_date is None), None)

    @extend_schema_field(AddressSerializer(allow_null=True))
    def get_address(self, family: Any) -> dict[str, Any] | None:
        address = self._current_address(family)
        if address is None or (address.confidential and family.pk not in self.context["writable_families"]):
            return None
        return AddressSerializer(address).data

    def get_address_confidential(self, family: Any) -> bool:
        address = self._current_address(family)
        return bool(address and address.confidential)

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, family: Any) -> list[dict[str, Any]]:
        hidden = self.context.get("hidden_people", set())
        rows = [m for m in family.memberships.all() if m.person_id not in hidden]
        return MemberSerializer(rows, many=True).data


class FamilyInputSerializer(serializers.Serializer):
    """A family as written: a changed `address` records a move (the old one kept in history)."""

    name = serializers.CharField(max_length=200)
    telephone = serializers.CharField(max_length=50, allow_blank=True, required=False)
    address = AddressSerializer(required=False, allow_null=True)
    moved_on = serializers.DateField(
        required=False, help_text="When the family moved to the new address (default: today)."
    )
    version = version_field()


# --- Ties --------------------------------------------------------------------------------------


class FixedOnceRecorded(serializers.Serializer):
    """On a change (PATCH), who or what a tie belongs to cannot move: end it and record another."""

    fixed: tuple[str, ...] = ()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is None:
            return attrs
        errors = {}
        for source in self.fixed:
            if source in attrs and attrs[source] != getattr(self.instance, source):
                errors[source.removesuffix("_id")] = ["This cannot change once recorded: end it and record a new one"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class RelationshipSerializer(FixedOnceRecorded):
    """Read "from_person is the KIND of to_person" for directional kinds; `description` says it."""

    fixed = ("from_person_id", "to_person_id")

    id = serializers.UUIDField(read_only=True)
    from_person = serializers.UUIDField(source="from_person_id")
    to_person = serializers.UUIDField(source="to_person_id")
    kind = serializers.ChoiceField(choices=RelationshipKind.choices)
    parental_responsibility = serializers.BooleanField(required=False)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    emotional = serializers.ChoiceField(choices=Emotional.choices, required=False, allow_null=True)
    identical = serializers.BooleanField(required=False, help_text="Twins only.")
    notes = NarrativeField(max_length=10000, help_text="Narrative: null for performance officers.")
    description = serializers.SerializerMethodField(
        help_text="The relationship in words, from the ?person= side (default: to_person's side)."
    )
    version = version_field()

    def get_description(self, relationship: Any) -> str:
        about = self.context.get("about")
        if about is None or about not in (relationship.from_person_id, relationship.to_person_id):
            about = relationship.to_person_id
        person = relationship.from_person if about == relationship.from_person_id else relationship.to_person
        return describe(relationship, about=person)


class RelationshipEndQuerySerializer(serializers.Serializer):
    end_date = serializers.DateField(required=False, help_text="Default: today.")
    version = version_field()


class PersonFilterSerializer(serializers.Serializer):
    person = serializers.UUIDField(required=False, help_text="Only those of this person.")


class FamilyFilterSerializer(serializers.Serializer):
    family = serializers.UUIDField(required=False, help_text="Only those of this family.")


class ProfessionalSerializer(FixedOnceRecorded):
    fixed = ("family_id",)

    id = serializers.UUIDField(read_only=True)
    family = serializers.UUIDField(source="family_id")
    name = serializers.CharField(max_length=200)
    role = serializers.CharField(max_length=200)
    agency = serializers.CharField(max_length=200)
    telephone = serializers.CharField(max_length=50, allow_blank=True, required=False)
    email = serializers.EmailField(max_length=254, allow_blank=True, required=False)
    working_with = serializers.UUIDField(source="working_with_id", allow_null=True, required=False)
    contributed = serializers.BooleanField(required=False)
    from_date = serializers.DateField(required=False, allow_null=True)
    to_date = serializers.DateField(required=False, allow_null=True)
    version = version_field()


class ConnectionSerializer(FixedOnceRecorded):
    fixed = ("person_id",)

    id = serializers.UUIDField(read_only=True)
    person = serializers.UUIDField(source="person_id")
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ConnectionKind.choices)
    strength = serializers.ChoiceField(choices=Strength.choices, required=False)
    energy = serializers.ChoiceField(choices=Energy.choices, required=False)
    notes = NarrativeField(max_length=10000, help_text="Narrative: null for performance officers.")
    version = version_field()
