"""Chronology events of supervision: the manager's oversight of a case (decision and rationale)
on the chronology of each child of the case. Private notes and the reflection stay in the
supervision record: they are never written here."""

from __future__ import annotations

from casework.core.chronology import SIGNIFICANT, chronology_record, register_rebuilder
from casework.core.models import User
from casework.models import SupervisionDiscussion
from families.models import Person

KIND = "supervision_decision"


def oversight_children(discussion: SupervisionDiscussion) -> list[Person]:
    """The children of the discussed case (those with an episode in it), eldest first."""
    return list(
        Person.objects.filter(episodes__case_id=discussion.case_id).distinct().order_by("date_of_birth", "first_name")
    )


def record_oversight(discussion: SupervisionDiscussion, by: User | None) -> None:
    """One entry, shown on every child of the case: "Management oversight: <decision>"."""
    supervision = discussion.supervision
    chronology_record(
        source=discussion,
        kind=KIND,
        when=supervision.date,
        category="supervision",
        people=oversight_children(discussion),
        family=discussion.case.family,
        by=by,
        significance=SIGNIFICANT,
        detail=discussion.rationale,
        summary=f"Management oversight: {discussion.decision}"[:300],
    )


def rebuild() -> int:
    """Re-record the oversight of every discussed case."""
    count = 0
    for discussion in SupervisionDiscussion.objects.select_related("supervision__supervisor", "case__family"):
        record_oversight(discussion, discussion.supervision.supervisor)
        count += 1
    return count


register_rebuilder("supervision", rebuild)
