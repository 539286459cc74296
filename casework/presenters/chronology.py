"""The chronology's card on the child's record (casework.core.record_parts): the latest
significant and critical entries of the curated chronology and a link to the whole of it.
A fixed number of queries, however long the chronology grows."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from chronology import presenters, selectors

SHOWN = 5


def chronology_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    from families.selectors import sees_narrative, visible_person_ids

    # A few more than shown, so that leaving out entries about people the reader may not open
    # (restricted records) still leaves enough to show.
    latest = list(selectors.latest_significant_for_person(person_id=person.pk)[: SHOWN * 2])
    mentioned = {p.pk for e in latest for p in e.people.all()} | {e.person_id for e in latest if e.person_id}
    hidden = mentioned - visible_person_ids(user=request.user, person_ids=list(mentioned)) if mentioned else set()
    shown = [e for e in latest if not ({p.pk for p in e.people.all()} | {e.person_id}) & hidden][:SHOWN]
    return {
        "area": "glance-main",
        "lines": presenters.entry_lines(shown, narrative=sees_narrative(request.user)),
    }
