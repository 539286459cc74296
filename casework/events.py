"""Chronology events of the front door and of cases, in one place: the services call these in
the same transaction as the change; `rebuild()` re-records them for `rebuild_chronology`."""

from __future__ import annotations

from casework.core.chronology import SIGNIFICANT, chronology_record, register_rebuilder
from casework.core.models import User
from casework.models import (
    CaseNote,
    Contact,
    ContactChild,
    Decision,
    DecisionRecord,
    DocumentVersion,
    Episode,
    EpisodeStatus,
    StoryEntry,
    Visit,
)


def names(people: list) -> str:
    listed = [p.full_name for p in people]
    if not listed:
        return "no child"
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]


def record_contact_received(contact: Contact, by: User | None) -> None:
    children = [link.child for link in contact.contact_children.select_related("child")]
    chronology_record(
        source=contact,
        kind="contact_received",
        when=contact.received_at,
        category="contact",
        people=children,
        family=contact.family,
        by=by,
        source_agency=contact.referrer_agency,
        summary=f"Contact received about {names(children)} from {contact.get_source_display().lower()}"
        + (" (anonymous)" if contact.anonymous else ""),
    )


def record_contact_decided(contact: Contact, by: User | None) -> None:
    links = list(contact.contact_children.select_related("child"))
    children = [link.child for link in links]
    referred = [link.child for link in links if link.outcome == Decision.REFERRAL]
    partial = contact.decision == Decision.REFERRAL and len(referred) < len(children)
    chronology_record(
        source=contact,
        kind="contact_decided",
        when=contact.decided_at,
        category="contact",
        people=children,
        family=contact.family,
        by=by,
        detail=contact.decision_reason,
        significance=SIGNIFICANT if contact.decision == Decision.REFERRAL else "routine",
        summary=f"Contact decided: {contact.get_decision_display().lower()}"
        + (f" for {names(referred)}" if partial else ""),
    )
    for link in links:
        if link.linked_to_open_episode:
            record_contact_linked(link, by)


def record_contact_linked(link: ContactChild, by: User | None) -> None:
    chronology_record(
        source=link,
        kind="contact_linked",
        when=link.contact.decided_at,
        category="contact",
        person=link.child,
        by=by,
        summary=f"Contact linked to {link.child.full_name}'s open episode (not a new referral)",
    )


def record_contact_endorsed(contact: Contact, by: User | None) -> None:
    children = [link.child for link in contact.contact_children.select_related("child")]
    endorser = contact.endorsed_by.display_name if contact.endorsed_by else "a manager"
    chronology_record(
        source=contact,
        kind="contact_endorsed",
        when=contact.endorsed_at,
        category="contact",
        people=children,
        family=contact.family,
        by=by,
        summary=f"Front-door decision ({contact.get_decision_display().lower()}) endorsed by {endorser}",
    )


def record_episode_opened(episode: Episode, by: User | None) -> None:
    when = episode.contact.decided_at if episode.contact and episode.contact.decided_at else episode.opened_at
    chronology_record(
        source=episode,
        kind="episode_opened",
        when=when,
        category="episode",
        person=episode.child,
        family=episode.case.family,
        by=by,
        significance=SIGNIFICANT,
        summary=f"Referral accepted: {episode.child.full_name}'s episode opened, held by {episode.case.team.name}",
    )


def record_episode_closed(episode: Episode, by: User | None) -> None:
    chronology_record(
        source=episode,
        kind="episode_closed",
        when=episode.closure_date,
        category="episode",
        person=episode.child,
        family=episode.case.family,
        by=by,
        significance=SIGNIFICANT,
        detail=episode.closure_summary,
        summary=f"{episode.child.full_name}'s episode closed: {episode.get_closure_reason_display()}",
    )


def record_decision(record: DecisionRecord, by: User | None) -> None:
    chronology_record(
        source=record,
        kind="decision",
        when=record.date,
        category="decision",
        people=list(record.children.all()),
        family=record.case.family,
        by=by,
        significance=SIGNIFICANT,
        detail=record.rationale,
        summary=f"Decision ({record.get_kind_display().lower()}): {record.decision[:200]}",
    )


def _seen_words(visit: Visit) -> str:
    """ "Ava seen alone; Sam seen; Jade not seen (no access)" — from the visit's records."""
    parts = []
    for record in visit.visit_children.select_related("child").order_by("child__date_of_birth"):
        name = record.child.first_name
        if record.seen and record.seen_alone == "yes":
            parts.append(f"{name} seen alone")
        elif record.seen:
            parts.append(f"{name} seen")
        else:
            reason = record.get_not_seen_reason_display().lower() if record.not_seen_reason else ""
            parts.append(f"{name} not seen" + (f" ({reason})" if reason else ""))
    return "; ".join(parts)


def record_visit(visit: Visit, by: User | None) -> None:
    """A finished visit, with who was seen and seen alone."""
    children = [vc.child for vc in visit.visit_children.select_related("child")]
    outcome = "" if visit.outcome == "completed" else f" ({visit.get_outcome_display().lower()})"
    seen = _seen_words(visit)
    kind = visit.get_kind_display()
    what = f"Statutory {kind.lower()}" if visit.statutory else kind
    chronology_record(
        source=visit,
        kind="visit",
        when=visit.occurred_at,
        category="visit",
        people=children,
        family=visit.case.family,
        by=by,
        significance=SIGNIFICANT if visit.significant else "routine",
        summary=f"{what}{outcome}{': ' + seen if seen else ''}"[:300],
    )


def record_note(note: CaseNote, by: User | None) -> None:
    """A case note marked significant."""
    chronology_record(
        source=note,
        kind="note",
        when=note.occurred_at,
        category="note",
        people=list(note.children.all()),
        family=note.case.family,
        by=by,
        significance=SIGNIFICANT,
        detail=note.narrative,
        summary=f"{note.get_kind_display()} recorded (marked significant)",
    )


def record_story(entry: StoryEntry, by: User | None) -> None:
    chronology_record(
        source=entry,
        kind="story",
        when=entry.occurred_on,
        category="story",
        person=entry.child,
        by=by,
        summary=f"My story: {entry.get_kind_display().lower()} \u201c{entry.title}\u201d ({entry.attributed_to})",
    )


def record_document(version: DocumentVersion, by: User | None) -> None:
    document = version.document
    people = [document.person] if document.person_id else []
    verb = "added" if version.number == 1 else f"replaced (version {version.number})"
    chronology_record(
        source=version,
        kind="document",
        when=version.uploaded_at,
        category="document",
        people=people,
        family=document.family,
        by=by,
        summary=f"Document {verb}: {document.title} ({document.get_category_display().lower()})",
    )


def rebuild() -> int:
    """Re-record the front door's and cases' events that come from current records."""
    count = 0
    for contact in Contact.objects.select_related("family", "endorsed_by"):
        record_contact_received(contact, None)
        count += 1
        if contact.decision:
            record_contact_decided(contact, None)
            count += 1
        if contact.endorsed_at:
            record_contact_endorsed(contact, None)
            count += 1
    for episode in Episode.objects.select_related("child", "case__family", "case__team", "contact"):
        record_episode_opened(episode, None)
        count += 1
        if episode.status == EpisodeStatus.CLOSED:
            record_episode_closed(episode, None)
            count += 1
    for record in DecisionRecord.objects.select_related("case__family").prefetch_related("children"):
        record_decision(record, None)
        count += 1
    for visit in Visit.objects.filter(status="finished").select_related("case__family"):
        record_visit(visit, None)
        count += 1
    for note in CaseNote.objects.filter(status="finished", significant=True).select_related("case__family"):
        record_note(note, None)
        count += 1
    for entry in StoryEntry.objects.select_related("child"):
        record_story(entry, None)
        count += 1
    for version in DocumentVersion.objects.select_related("document__person", "document__family"):
        record_document(version, None)
        count += 1
    return count


register_rebuilder("casework", rebuild)
