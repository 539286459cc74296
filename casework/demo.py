"""The demo front door for `seed_demo`: a realistic queue for the Front Door team, recorded and
decided through the services as 'frontdoor' (Alex Morgan) and 'frontdoor.manager' would.

Waiting in the queue: an anonymous neighbour, a school, the police, a health visitor, a GP (about
a child whose father has warnings), and a repeat contact about Yusuf Ahmed, 14, with earlier
contacts months before (one decided with advice, one long ago with no further action).
Decided in the last fortnight: a referral to North opening the Brown children's episodes, a
no-further-action, and early help. Idempotent: a contact already recorded is left alone.

The services stamp decisions with the current time; the demo records each step as at the moment
it happened (`_as_at`), so the decisions of months ago read as months ago everywhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from django.utils import timezone

from casework import services
from casework.core.demo import DemoContext, register
from casework.core.working_days import add_working_days
from casework.models import Contact
from families.models import Family, Person


@contextmanager
def _as_at(moment: datetime.datetime) -> Iterator[None]:
    """Run services as at `moment` (demo history only: never in the product's own code)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _working_days_ago(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A London time `days` working days before today, never later than an hour ago."""
    day = add_working_days(timezone.localdate(), -days) if days else timezone.localdate()
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return min(moment, timezone.now() - datetime.timedelta(hours=1))


def _days_ago(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class Decided:
    decision: str
    reason: str
    after: datetime.timedelta
    team: str = ""
    told: str = ""  # how the referrer was told, if they were
    endorse: bool = False  # by 'frontdoor.manager', when the authority requires it


@dataclass
class DemoContact:
    children: list[tuple[str, str]]
    received: datetime.datetime
    source: str
    concerns: str
    referrer: tuple[str, str, str] = ("", "", "")  # name, agency, telephone or email
    anonymous: bool = False
    parents_aware: bool | None = True
    consent: str = "given"
    consent_reason: str = ""
    family: str = ""
    decided: Decided | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _people(names: list[tuple[str, str]]) -> list[Person] | None:
    found = [Person.objects.filter(first_name=first, last_name=last).first() for first, last in names]
    return None if any(p is None for p in found) else found  # type: ignore[return-value]


def _record(context: DemoContext, item: DemoContact) -> Contact | None:
    children = _people(item.children)
    if children is None or Contact.objects.filter(concerns=item.concerns).exists():
        return None
    worker = context.users["frontdoor"]
    family = Family.objects.filter(name=item.family).first() if item.family else None
    name, agency, telephone = item.referrer
    with _as_at(item.received + datetime.timedelta(minutes=12)):
        contact = services.contact_record(
            by=worker,
            children=children,
            family=family,
            data={
                "received_at": item.received,
                "source": item.source,
                "anonymous": item.anonymous,
                "referrer_name": name,
                "referrer_agency": agency,
                "referrer_contact": telephone,
                "concerns": item.concerns,
                "parents_aware": item.parents_aware,
                "consent": item.consent,
                "consent_reason": item.consent_reason,
            },
        )
    if item.decided:
        _decide(context, contact, item.decided)
    return contact


def _decide(context: DemoContext, contact: Contact, decided: Decided) -> None:
    moment = contact.received_at + decided.after
    worker = context.users["frontdoor"]
    with _as_at(moment):
        services.contact_decide(
            by=worker,
            contact=contact,
            decision=decided.decision,
            reason=decided.reason,
            team=context.teams[decided.team] if decided.team else None,
        )
    contact.refresh_from_db()
    if decided.endorse and contact.endorsement_required:
        with _as_at(moment + datetime.timedelta(hours=2)):
            services.contact_endorse(by=context.users["frontdoor.manager"], contact=contact)
    if decided.told and not contact.anonymous:
        told_at = moment + datetime.timedelta(hours=20)
        with _as_at(told_at + datetime.timedelta(minutes=5)):
            services.contact_referrer_informed(by=worker, contact=contact, informed_at=told_at, how=decided.told)


def _contacts() -> list[DemoContact]:
    return [
        # Yusuf Ahmed, 14: a contact long ago, one months ago, and a repeat contact today.
        DemoContact(
            children=[("Yusuf", "Ahmed")],
            received=_days_ago(600, 15, 20),
            source="1A",
            referrer=("Nasreen Ahmed", "Grandmother", "07700 900 412"),
            concerns=(
                "Yusuf's grandmother rang. Since his grandad died Yusuf has hardly eaten and spends every "
                "evening in his room. She wanted to know if anyone could talk to him."
            ),
            family="Ahmed family",
            decided=Decided(
                "nfa",
                "Grief after a close bereavement, with a family that is noticing and supporting him. School "
                "have offered their counsellor and Yusuf has agreed to go. No role for children's social care.",
                datetime.timedelta(days=1, hours=2),
                told="Telephone",
                endorse=True,
            ),
        ),
        DemoContact(
            children=[("Yusuf", "Ahmed")],
            received=_days_ago(150, 10, 5),
            source="2A",
            referrer=("Mrs Shah", "Linden High School", "01632 960 555"),
            concerns=(
                "Yusuf's attendance has fallen to 71% this term. He has been seen leaving at lunchtime with "
                "older boys who are not at the school, and he has new trainers his dad says he did not buy."
            ),
            family="Ahmed family",
            decided=Decided(
                "advice_signposting",
                "The school's attendance officer and pastoral lead are working with dad. Advice given to the "
                "school on the signs of criminal exploitation and the contextual safeguarding panel; they "
                "will contact us again if anything new comes to light.",
                datetime.timedelta(hours=26),
                told="Email",
                endorse=True,
            ),
        ),
        DemoContact(
            children=[("Yusuf", "Ahmed")],
            received=_working_days_ago(0, 9, 40),
            source="3E",
            referrer=("Dr Okafor", "Northam General Hospital, emergency department", "01632 960 800"),
            concerns=(
                "Yusuf was brought in by ambulance at 02:10, intoxicated, after he was found in Linden Park "
                "with a group of older young men. He had about £200 in cash and a second phone. He would not "
                "say where he had been or who he was with. Discharged to his father at 06:00."
            ),
            family="Ahmed family",
            parents_aware=True,
            consent="not_sought",
            consent_reason="Shared under the hospital's safeguarding duty; dad was told we would be contacted.",
        ),
        # An anonymous neighbour.
        DemoContact(
            children=[("Zara", "Begum"), ("Ishan", "Begum")],
            received=_working_days_ago(2, 21, 40),
            source="1B",
            anonymous=True,
            concerns=(
                "The caller lives below the family and did not want to give her name. She hears the baby "
                "crying for long periods most nights and a woman shouting. She has not seen the little girl "
                "go to nursery this week. 'I don't want to get her into trouble, I think she's on her own.'"
            ),
            parents_aware=None,
            consent="not_sought",
            consent_reason="An anonymous caller; the family do not know yet.",
            family="Begum family",
        ),
        # A school.
        DemoContact(
            children=[("Alfie", "Edwards"), ("Ivy", "Edwards")],
            received=_working_days_ago(1, 11, 20),
            source="2A",
            referrer=("Mrs Adeyemi", "Northam Academy, designated safeguarding lead", "01632 960 321"),
            concerns=(
                "Ivy (13) told her form tutor that mum's new partner shouts at Alfie and last night pushed him "
                "into a door. Alfie came in today with a bruise on his forehead and said he fell over. Ivy "
                "asked us not to tell mum she had said anything."
            ),
            parents_aware=False,
            consent="not_sought",
            consent_reason="Asking mum first could place Alfie at risk of harm, and Ivy asked us not to.",
            family="Edwards family",
        ),
        # The police.
        DemoContact(
            children=[("Olivia", "Wright"), ("Jack", "Wright")],
            received=_working_days_ago(0, 8, 5),
            source="6",
            referrer=("PC 4471 Khan", "Northam Police, public protection unit", "ppu@northam.police.example"),
            concerns=(
                "Domestic incident notification. Officers attended at 18:50 yesterday after a neighbour's 999 "
                "call: a verbal argument between the parents, no injuries. Olivia (6) and Jack (10) were "
                "upstairs. Father left to stay with his brother. Risk assessment: standard. Second call-out "
                "to this address in three months."
            ),
            consent="given",
            family="Wright family",
        ),
        # A health visitor, about an unborn baby.
        DemoContact(
            children=[("Unborn", "Clarke")],
            received=_working_days_ago(3, 14, 30),
            source="3B",
            referrer=("Ms Byrne", "Northam Health Visiting", "01632 960 640"),
            concerns=(
                "Jade (19) is 30 weeks pregnant and has missed two antenatal appointments. At my visit the "
                "flat was cold and there was no food in. Jade said Reece sometimes takes her phone and stops "
                "her going out. She asked for help with money and with getting ready for the baby."
            ),
            consent="given",
            family="Clarke family",
        ),
        # A GP, about a child whose father has warnings on his record.
        DemoContact(
            children=[("Dev", "Singh")],
            received=_working_days_ago(1, 16, 45),
            source="3A",
            referrer=("Dr Lewis", "Canal Street Surgery", "01632 960 233"),
            concerns=(
                "Harpreet told me Manjit has been sending her messages again and she thinks he knows which "
                "nursery Dev goes to. She is frightened he will turn up there. Dev was well at today's check."
            ),
            consent="given",
            family="Kaur family",
        ),
        # Decided in the last fortnight.
        DemoContact(
            children=[("Harry", "Brown"), ("Isla", "Brown")],
            received=_days_ago(8, 10, 30),
            source="4",
            referrer=("Mr Green", "Northam Housing Options", "housing.options@northam.example"),
            concerns=(
                "The family are being evicted next Friday for rent arrears. Mum says she cannot cope and "
                "has no one to stay with. Isla has missed eight days of school this half term and Harry has "
                "not been to nursery since the summer."
            ),
            family="Brown family",
            decided=Decided(
                "referral",
                "Two young children facing homelessness within days, with a parent who says she cannot cope "
                "and growing absence from school and nursery. A child and family assessment is needed, "
                "alongside housing.",
                datetime.timedelta(hours=5),
                team="North",
                told="Telephone",
                endorse=True,
            ),
        ),
        DemoContact(
            children=[("Freya", "Hughes")],
            received=_days_ago(10, 13, 15),
            source="1A",
            referrer=("Kelly Hughes", "Freya's aunt", "07700 900 118"),
            concerns=(
                "Freya's aunt says her mum goes out two evenings a week and leaves Freya with 'a teenager from "
                "the flats'. She thinks Freya is too young to be left like that."
            ),
            family="Hughes family",
            decided=Decided(
                "nfa",
                "With mum's agreement I spoke to her and to school. The babysitter is a neighbour's "
                "17-year-old, two evenings until 9pm, with the neighbour next door. Freya is well cared for, "
                "attending and happy. No role for children's social care; the aunt was told why.",
                datetime.timedelta(days=1, hours=3),
                told="Telephone",
                endorse=True,
            ),
        ),
        DemoContact(
            children=[("Lena", "Nowak"), ("Ola", "Nowak")],
            received=_days_ago(5, 9, 50),
            source="2A",
            referrer=("Mr Evans", "Orchard Way Primary School", "01632 960 777"),
            concerns=(
                "The twins are often late and tired. Mum says dad is working away for months and she is "
                "doing three jobs. She asked the school if there is any help with mornings and after school."
            ),
            family="Nowak family",
            decided=Decided(
                "early_help",
                "Mum asked for help and agrees to an early help assessment. The twins are safe and cared for; "
                "the family needs practical support below the threshold for social work. The early help hub "
                "will contact mum within five working days.",
                datetime.timedelta(days=1, hours=1),
            ),
        ),
    ]


@register(40, "casework.front_door")
def front_door(context: DemoContext) -> None:
    recorded = [contact for item in _contacts() if (contact := _record(context, item)) is not None]
    if recorded:
        context.notes.append(
            f"  Front door: {len(recorded)} contacts recorded. Sign in as 'frontdoor' (the queue, deciding) or "
            "'frontdoor.manager' (endorsing, when FRONT_DOOR_ENDORSEMENT_REQUIRED=1)."
        )
