"""People, families, relationships, warnings, professionals and community connections.

Every child has one unique record (Person); a family is a first-class record with its members,
address history and professionals; relationships are stored once and read from both sides.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from casework.core.codes import ETHNICITY, UPN_UNKNOWN, Sex
from casework.core.models import VersionedModel
from families import validators


class PregnancyOutcome(models.TextChoices):
    MISCARRIAGE = "miscarriage", "Miscarriage"
    STILLBIRTH = "stillbirth", "Stillbirth"
    TERMINATION = "termination", "Termination"


class Person(VersionedModel):
    """A child or an adult known to the service: one record each, never duplicated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    aliases = models.JSONField(default=list, blank=True, validators=[validators.validate_aliases])
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_estimated = models.BooleanField(default=False)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    pregnancy_outcome = models.CharField(max_length=20, choices=PregnancyOutcome.choices, null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(
        max_length=4, blank=True, choices=ETHNICITY, validators=[validators.validate_ethnicity]
    )
    religion = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    communication_needs = models.CharField(max_length=500, blank=True)
    immigration_status = models.CharField(max_length=100, blank=True)
    uasc = models.BooleanField("Unaccompanied asylum-seeking child", default=False)
    disabilities = models.JSONField(default=list, blank=True, validators=[validators.validate_disabilities])
    nhs_number = models.CharField(
        max_length=10, null=True, blank=True, unique=True, validators=[validators.validate_nhs_number]
    )
    upn = models.CharField(
        "UPN", max_length=13, null=True, blank=True, unique=True, validators=[validators.validate_upn]
    )
    former_upn = models.CharField("Former UPN", max_length=13, blank=True)
    upn_unknown = models.CharField("UPN unknown reason", max_length=3, blank=True, choices=UPN_UNKNOWN)
    previous_cp_plans_elsewhere = models.PositiveSmallIntegerField(default=0)
    restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="restricted_records")
    la_child_id = models.CharField(
        "LA child ID", max_length=20, unique=True, validators=[validators.validate_la_child_id]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[restricted_to])

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(expected_date_of_birth__isnull=True),
                name="person_dob_or_expected_dob_not_both",
                violation_error_message="Give a date of birth or an expected date of birth, not both",
            ),
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(date_of_death__gte=F("date_of_birth")),
                name="person_death_not_before_birth",
                violation_error_message="Date of death cannot be before the date of birth",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        if self.known_as and self.known_as != self.first_name:
            return f"{self.first_name} ({self.known_as}) {self.last_name}"
        return self.full_name

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None and not self.pregnancy_outcome

    @property
    def is_deceased(self) -> bool:
        return self.date_of_death is not None

    def age_on(self, on: datetime.date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        end = min(d for d in (on or timezone.localdate(), self.date_of_death) if d is not None)
        born = self.date_of_birth
        return end.year - born.year - ((end.month, end.day) < (born.month, born.day))

    @property
    def age(self) -> int | None:
        return self.age_on()

    @property
    def is_child(self) -> bool:
        """Under 18 today (or at death), or not yet born."""
        if self.date_of_birth is None:
            return self.expected_date_of_birth is not None
        age = self.age
        return age is not None and age < 18

    @property
    def expected_date_passed(self) -> bool:
        """An expected date of birth in the past with no birth recorded: accepted, with a warning."""
        return (
            self.date_of_birth is None
            and self.expected_date_of_birth is not None
            and not self.pregnancy_outcome
            and self.expected_date_of_birth < timezone.localdate()
        )


class PersonName(models.Model):
    """Every name a person is or was known by, for search (kept in step by the services)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=250)
    kind = models.CharField(max_length=10)  # current, known_as, alias

    class Meta:
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class Family(VersionedModel):
    """A household or wider family group, recorded as a family."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    telephone = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.name


class FamilyAddress(models.Model):
    """Where a family lives, from one move to the next (history of moves kept)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="addresses")
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    confidential = models.BooleanField(default=False)
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-from_date", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=Q(to_date__isnull=True), name="family_one_current_address"
            )
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line1, self.line2, self.town, self.postcode) if p)


class MemberRole(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"


class FamilyMembership(models.Model):
    """A person's membership of a family: joined, and perhaps left (never deleted)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=5, choices=MemberRole.choices)
    is_subject = models.BooleanField(
        default=False, help_text="A child the work is about (the subject of referrals and plans)."
    )
    joined = models.DateField()
    left = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["joined"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"], condition=Q(left__isnull=True), name="membership_one_current"
            ),
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=F("joined")),
                name="membership_left_not_before_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.family}"

    @property
    def is_current(self) -> bool:
        return self.left is None


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent"
    ADOPTIVE_PARENT = "adoptive_parent", "Adoptive parent"
    STEP_PARENT = "step_parent", "Step-parent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
    CARER = "carer", "Carer (kinship, friend or child arrangements)"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    STEP_SIBLING = "step_sibling", "Step-sibling"
    TWIN = "twin", "Twin"
    PARTNER = "partner", "Partner"
    SPOUSE = "spouse", "Spouse or civil partner"
    EX_PARTNER = "ex_partner", "Former partner"
    EX_SPOUSE = "ex_spouse", "Former spouse (divorced)"
    COUSIN = "cousin", "Cousin"
    FRIEND = "friend", "Friend"
    OTHER = "other", "Other"


DIRECTIONAL_KINDS = {
    RelationshipKind.PARENT,
    RelationshipKind.ADOPTIVE_PARENT,
    RelationshipKind.STEP_PARENT,
    RelationshipKind.FOSTER_CARER,
    RelationshipKind.SPECIAL_GUARDIAN,
    RelationshipKind.CARER,
    RelationshipKind.GRANDPARENT,
    RelationshipKind.AUNT_UNCLE,
}
# Kinds where from_person is older than to_person by nature (a parent younger than the child is refused).
ELDER_KINDS = {RelationshipKind.PARENT, RelationshipKind.ADOPTIVE_PARENT, RelationshipKind.GRANDPARENT}
PR_KINDS = {
    RelationshipKind.PARENT,
    RelationshipKind.ADOPTIVE_PARENT,
    RelationshipKind.STEP_PARENT,
    RelationshipKind.SPECIAL_GUARDIAN,
    RelationshipKind.CARER,
}
COUPLE_KINDS = {
    RelationshipKind.PARTNER,
    RelationshipKind.SPOUSE,
    RelationshipKind.EX_PARTNER,
    RelationshipKind.EX_SPOUSE,
}


class Emotional(models.TextChoices):
    CLOSE = "close", "Close"
    DISTANT = "distant", "Distant"
    CONFLICTUAL = "conflictual", "Conflictual"
    CUT_OFF = "cut_off", "Cut off"
    ABUSIVE = "abusive", "Abusive"


class Relationship(VersionedModel):
    """A relationship between two people, stored once and read from both sides.

    Directional kinds read "from_person is the KIND of to_person"; symmetric kinds read the
    same either way. Ending one sets `end_date`; it is never deleted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    from_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    emotional = models.CharField(max_length=12, choices=Emotional.choices, null=True, blank=True)
    identical = models.BooleanField(default=False, help_text="Twins only.")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_person=F("to_person")), name="relationship_not_with_oneself"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="relationship_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} {self.kind} {self.to_person}"

    @property
    def is_directional(self) -> bool:
        return self.kind in DIRECTIONAL_KINDS

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date > timezone.localdate()

    def other(self, person_id) -> Person:
        return self.to_person if str(self.from_person_id) == str(person_id) else self.from_person


class WarningKind(models.TextChoices):
    VIOLENCE = "violence", "Violence or aggression"
    LONE_VISIT_RISK = "lone_visit_risk", "Do not visit alone"
    ANIMAL = "animal", "Animals"
    RISK_TO_CHILDREN = "risk_to_children", "Risk to children"
    HEALTH_SAFETY = "health_safety", "Health and safety"
    OTHER = "other", "Other"


class PersonWarning(VersionedModel):
    """A warning about a person, shown on every page about them and their family."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="warnings")
    kind = models.CharField(max_length=20, choices=WarningKind.choices)
    detail = models.TextField()
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-from_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=F("from_date")),
                name="warning_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"

    @property
    def is_current(self) -> bool:
        return self.to_date is None or self.to_date > timezone.localdate()


class Professional(VersionedModel):
    """A professional involved with the family (Annex B's table)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="professionals")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    agency = models.CharField(max_length=200)
    telephone = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True)
    working_with = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="professionals"
    )
    contributed = models.BooleanField(default=False, help_text="Contributed to the assessment.")
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role}, {self.agency})"


class ConnectionKind(models.TextChoices):
    SCHOOL = "school", "School or education"
    HEALTH = "health", "Health"
    FAITH = "faith", "Faith"
    LEISURE = "leisure", "Leisure"
    FAMILY = "family", "Extended family"
    FRIEND = "friend", "Friends"
    WORK = "work", "Work"
    OTHER = "other", "Other"


class Strength(models.TextChoices):
    STRONG = "strong", "Strong"
    MODERATE = "moderate", "Moderate"
    TENUOUS = "tenuous", "Tenuous"
    STRESSFUL = "stressful", "Stressful"


class Energy(models.TextChoices):
    TO_PERSON = "to_person", "Towards the person"
    FROM_PERSON = "from_person", "From the person"
    BOTH = "both", "Both ways"
    NONE = "none", "Neither"


class Connection(VersionedModel):
    """A community tie of a person, for the eco-map."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="connections")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ConnectionKind.choices)
    strength = models.CharField(max_length=10, choices=Strength.choices, default=Strength.MODERATE)
    energy = models.CharField(max_length=12, choices=Energy.choices, default=Energy.NONE)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"
