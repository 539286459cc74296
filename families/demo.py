"""Demo families for `seed_demo`: realistic shapes, recorded through the services.

About thirty families: three generations, a step-family with half-siblings, a single parent,
grandparents caring under a special guardianship order, twins, an unborn baby, a deceased
grandparent, a child living between two households, a mother in a refuge (confidential
address), a restricted record, an adult with an estimated date of birth, people with warnings,
and a run of ordinary families. Idempotent: a family already recorded is left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from casework.core.demo import DemoContext, register
from casework.core.models import Team, User
from families import services
from families.models import Family, Person

TODAY = timezone.localdate


def years_ago(years: int, month: int = 6, day: int = 15) -> datetime.date:
    today = TODAY()
    return datetime.date(today.year - years, month, day)


@dataclass
class Builder:
    by: User
    team: Team
    family: Family
    people: dict[str, Person] = field(default_factory=dict)

    def person(
        self,
        key: str,
        role: str,
        subject: bool = False,
        joined: datetime.date | None = None,
        member: bool = True,
        **data,
    ) -> Person:
        person = services.person_create(by=self.by, data=data, confirm_not_duplicate=True, grant_to=[self.team])
        if member:
            services.membership_add(
                by=self.by,
                family=self.family,
                person=person,
                role=role,
                is_subject=subject,
                joined=joined or years_ago(1),
            )
        self.people[key] = person
        return person

    def rel(self, a: str, kind: str, b: str, **data) -> None:
        services.relationship_create(
            by=self.by, from_person=self.people[a], to_person=self.people[b], data={"kind": kind, **data}
        )


def _family(
    context: DemoContext,
    name: str,
    team: str,
    user: str,
    address: dict | None = None,
    telephone: str = "",
    moved_in: datetime.date | None = None,
) -> Builder | None:
    if Family.objects.filter(name=name).exists():
        return None
    by, holder = context.users[user], context.teams[team]
    family = services.family_create(
        by=by, name=name, telephone=telephone, address=address, moved_in=moved_in or years_ago(3), grant_to=[holder]
    )
    return Builder(by=by, team=holder, family=family)


def three_generations(context: DemoContext) -> None:
    b = _family(
        context,
        "Okoro family",
        "North",
        "worker",
        {"line1": "14 Cedar Road", "town": "Northam", "postcode": "NM1 4CR"},
        "01632 960 101",
    )
    if not b:
        return
    b.person(
        "gran",
        "adult",
        first_name="Grace",
        last_name="Okoro",
        sex="F",
        date_of_birth=years_ago(68, 2, 3),
        ethnicity="BAFR",
        first_language="English",
    )
    b.person(
        "mum",
        "adult",
        first_name="Adaeze",
        last_name="Okoro",
        sex="F",
        date_of_birth=years_ago(41, 9, 12),
        ethnicity="BAFR",
    )
    b.person(
        "dad",
        "adult",
        first_name="Chidi",
        last_name="Okoro",
        sex="M",
        date_of_birth=years_ago(43, 4, 30),
        ethnicity="BAFR",
    )
    b.person(
        "tobi",
        "child",
        subject=True,
        first_name="Tobi",
        last_name="Okoro",
        sex="M",
        date_of_birth=years_ago(12, 1, 20),
        ethnicity="BAFR",
        upn="A950000178301",
        disabilities=["NONE"],
    )
    b.person(
        "ada",
        "child",
        subject=True,
        first_name="Ada",
        last_name="Okoro",
        sex="F",
        date_of_birth=years_ago(7, 11, 2),
        ethnicity="BAFR",
        disabilities=["COMM"],
    )
    b.rel("gran", "parent", "mum", parental_responsibility=False)
    b.rel("mum", "spouse", "dad", start_date=years_ago(15))
    for child in ("tobi", "ada"):
        b.rel("mum", "parent", child, parental_responsibility=True)
        b.rel("dad", "parent", child, parental_responsibility=True)
        b.rel("gran", "grandparent", child)
    b.rel("tobi", "sibling", "ada", emotional="close")


def step_family(context: DemoContext) -> None:
    b = _family(
        context,
        "Harris-Kowalski family",
        "North",
        "worker",
        {"line1": "3 Beech Close", "town": "Northam", "postcode": "NM2 3BC"},
    )
    if not b:
        return
    b.person(
        "mum",
        "adult",
        first_name="Leanne",
        last_name="Harris",
        sex="F",
        date_of_birth=years_ago(34, 3, 8),
        ethnicity="WBRI",
    )
    b.person(
        "step",
        "adult",
        first_name="Lee",
        last_name="Kowalski",
        sex="M",
        date_of_birth=years_ago(37, 7, 19),
        ethnicity="WOTH",
        first_language="Polish",
    )
    b.person(
        "dad",
        "adult",
        member=False,
        first_name="Jason",
        last_name="Price",
        sex="M",
        date_of_birth=years_ago(36, 10, 1),
        ethnicity="WBRI",
    )
    b.person(
        "ava",
        "child",
        subject=True,
        first_name="Ava",
        last_name="Price",
        sex="F",
        date_of_birth=years_ago(9, 5, 14),
        ethnicity="WBRI",
    )
    b.person(
        "sam",
        "child",
        subject=True,
        first_name="Sam",
        last_name="Kowalski",
        sex="M",
        date_of_birth=years_ago(3, 8, 30),
        ethnicity="MOTH",
    )
    b.rel("mum", "ex_partner", "dad", start_date=years_ago(11), end_date=years_ago(8))
    b.rel("mum", "partner", "step", start_date=years_ago(5))
    b.rel("mum", "parent", "ava", parental_responsibility=True)
    b.rel("dad", "parent", "ava", parental_responsibility=True, emotional="distant")
    b.rel("mum", "parent", "sam", parental_responsibility=True)
    b.rel("step", "parent", "sam", parental_responsibility=True)
    b.rel("step", "step_parent", "ava", parental_responsibility=True, start_date=years_ago(2))
    b.rel("sam", "half_sibling", "ava", emotional="close")


def single_parent(context: DemoContext) -> None:
    b = _family(
        context,
        "Begum family",
        "North",
        "colleague",
        {"line1": "Flat 12, Riverside House", "line2": "Canal Street", "town": "Northam", "postcode": "NM3 1RH"},
    )
    if not b:
        return
    b.person(
        "mum",
        "adult",
        first_name="Rumana",
        last_name="Begum",
        sex="F",
        date_of_birth=years_ago(27, 12, 1),
        ethnicity="ABAN",
        first_language="Bengali",
        interpreter_needed=True,
    )
    b.person(
        "zara",
        "child",
        subject=True,
        first_name="Zara",
        last_name="Begum",
        sex="F",
        date_of_birth=years_ago(5, 2, 11),
        ethnicity="ABAN",
        upn_unknown="UN6",
    )
    b.person(
        "ishan",
        "child",
        subject=True,
        first_name="Ishan",
        last_name="Begum",
        sex="M",
        date_of_birth=years_ago(1, 6, 25),
        ethnicity="ABAN",
        upn_unknown="UN2",
    )
    b.rel("mum", "parent", "zara", parental_responsibility=True)
    b.rel("mum", "parent", "ishan", parental_responsibility=True)
    b.rel("zara", "sibling", "ishan")


def special_guardianship(context: DemoContext) -> None:
    b = _family(
        context,
        "Walsh family",
        "North",
        "worker",
        {"line1": "27 Hawthorn Avenue", "town": "Northam", "postcode": "NM4 7HA"},
    )
    if not b:
        return
    b.person(
        "nan",
        "adult",
        first_name="Maureen",
        last_name="Walsh",
        sex="F",
        date_of_birth=years_ago(63, 4, 4),
        ethnicity="WIRI",
    )
    b.person(
        "grandad",
        "adult",
        first_name="Patrick",
        last_name="Walsh",
        sex="M",
        date_of_birth=years_ago(66, 1, 17),
        ethnicity="WIRI",
    )
    b.person(
        "mum",
        "adult",
        member=False,
        first_name="Kayleigh",
        last_name="Walsh",
        sex="F",
        date_of_birth=years_ago(29, 8, 8),
        ethnicity="WIRI",
    )
    b.person(
        "mia",
        "child",
        subject=True,
        first_name="Mia",
        last_name="Walsh",
        sex="F",
        date_of_birth=years_ago(8, 10, 10),
        ethnicity="WIRI",
    )
    b.rel("nan", "spouse", "grandad", start_date=years_ago(40))
    b.rel("nan", "parent", "mum")
    b.rel("grandad", "parent", "mum")
    b.rel("mum", "parent", "mia", parental_responsibility=True, emotional="conflictual")
    b.rel("nan", "special_guardian", "mia", parental_responsibility=True, start_date=years_ago(4))
    b.rel("grandad", "special_guardian", "mia", parental_responsibility=True, start_date=years_ago(4))


def twins(context: DemoContext) -> None:
    b = _family(
        context, "Nowak family", "South", "south", {"line1": "9 Orchard Way", "town": "Southby", "postcode": "SB1 9OW"}
    )
    if not b:
        return
    born = years_ago(6, 4, 22)
    b.person(
        "mum",
        "adult",
        first_name="Agnieszka",
        last_name="Nowak",
        sex="F",
        date_of_birth=years_ago(33, 5, 5),
        ethnicity="WOTH",
        first_language="Polish",
    )
    b.person(
        "dad",
        "adult",
        first_name="Tomasz",
        last_name="Nowak",
        sex="M",
        date_of_birth=years_ago(35, 2, 28),
        ethnicity="WOTH",
        first_language="Polish",
    )
    b.person(
        "lena",
        "child",
        subject=True,
        first_name="Lena",
        last_name="Nowak",
        sex="F",
        date_of_birth=born,
        ethnicity="WOTH",
    )
    b.person(
        "ola", "child", subject=True, first_name="Ola", last_name="Nowak", sex="F", date_of_birth=born, ethnicity="WOTH"
    )
    b.rel("mum", "spouse", "dad")
    for child in ("lena", "ola"):
        b.rel("mum", "parent", child, parental_responsibility=True)
        b.rel("dad", "parent", child, parental_responsibility=True)
    b.rel("lena", "twin", "ola", identical=True)


def unborn_baby(context: DemoContext) -> None:
    b = _family(
        context,
        "Clarke family",
        "North",
        "colleague",
        {"line1": "44 Station Road", "town": "Northam", "postcode": "NM1 2SR"},
    )
    if not b:
        return
    today = TODAY()
    b.person(
        "mum",
        "adult",
        first_name="Jade",
        last_name="Clarke",
        sex="F",
        date_of_birth=years_ago(19, 1, 30),
        ethnicity="MWBC",
    )
    b.person(
        "partner",
        "adult",
        first_name="Reece",
        last_name="Bennett",
        sex="M",
        date_of_birth=years_ago(22, 6, 6),
        ethnicity="WBRI",
    )
    b.person(
        "baby",
        "child",
        subject=True,
        first_name="Unborn",
        last_name="Clarke",
        sex="U",
        expected_date_of_birth=today + datetime.timedelta(days=70),
    )
    b.person(
        "loss",
        "child",
        member=False,
        first_name="Pregnancy",
        last_name="Clarke",
        sex="U",
        expected_date_of_birth=years_ago(2, 3, 1),
        pregnancy_outcome="miscarriage",
    )
    b.rel("mum", "partner", "partner", start_date=years_ago(2))
    b.rel("mum", "parent", "baby")
    b.rel("partner", "parent", "baby")
    b.rel("mum", "parent", "loss")


def deceased_grandparent(context: DemoContext) -> None:
    b = _family(
        context,
        "Ahmed family",
        "North",
        "worker",
        {"line1": "2 Linden Terrace", "town": "Northam", "postcode": "NM5 2LT"},
    )
    if not b:
        return
    b.person(
        "grandad",
        "adult",
        member=False,
        first_name="Tariq",
        last_name="Ahmed",
        sex="M",
        date_of_birth=years_ago(80, 3, 3),
        date_of_death=years_ago(2, 12, 12),
        ethnicity="APKN",
    )
    b.person(
        "gran",
        "adult",
        first_name="Nasreen",
        last_name="Ahmed",
        sex="F",
        date_of_birth=years_ago(74, 7, 7),
        ethnicity="APKN",
        first_language="Urdu",
    )
    b.person(
        "dad",
        "adult",
        first_name="Imran",
        last_name="Ahmed",
        sex="M",
        date_of_birth=years_ago(45, 11, 11),
        ethnicity="APKN",
    )
    b.person(
        "yusuf",
        "child",
        subject=True,
        first_name="Yusuf",
        last_name="Ahmed",
        sex="M",
        date_of_birth=years_ago(14, 9, 9),
        ethnicity="APKN",
    )
    b.rel("grandad", "spouse", "gran", start_date=years_ago(52))
    b.rel("grandad", "parent", "dad")
    b.rel("gran", "parent", "dad")
    b.rel("dad", "parent", "yusuf", parental_responsibility=True)
    b.rel("gran", "grandparent", "yusuf", emotional="close")


def two_households(context: DemoContext) -> None:
    mums = _family(
        context,
        "Evans family (mum's home)",
        "North",
        "worker",
        {"line1": "18 Willow Street", "town": "Northam", "postcode": "NM6 1WS"},
    )
    if not mums:
        return
    dads = _family(
        context,
        "Evans family (dad's home)",
        "North",
        "worker",
        {"line1": "5 Quarry Lane", "town": "Southby", "postcode": "SB3 5QL"},
    )
    mums.person(
        "mum",
        "adult",
        first_name="Sian",
        last_name="Evans",
        sex="F",
        date_of_birth=years_ago(38, 4, 1),
        ethnicity="WBRI",
    )
    dads.person(
        "dad",
        "adult",
        first_name="Gareth",
        last_name="Evans",
        sex="M",
        date_of_birth=years_ago(40, 2, 2),
        ethnicity="WBRI",
    )
    dads.person(
        "partner",
        "adult",
        first_name="Chloe",
        last_name="Morgan",
        sex="F",
        date_of_birth=years_ago(31, 12, 24),
        ethnicity="WBRI",
    )
    cerys = mums.person(
        "cerys",
        "child",
        subject=True,
        first_name="Cerys",
        last_name="Evans",
        sex="F",
        date_of_birth=years_ago(10, 3, 17),
        ethnicity="WBRI",
    )
    services.membership_add(
        by=dads.by, family=dads.family, person=cerys, role="child", is_subject=True, joined=years_ago(2)
    )
    dads.people.update(cerys=cerys, mum=mums.people["mum"])
    dads.rel("mum", "ex_spouse", "dad", start_date=years_ago(14), end_date=years_ago(3))
    dads.rel("mum", "parent", "cerys", parental_responsibility=True)
    dads.rel("dad", "parent", "cerys", parental_responsibility=True)
    dads.rel("dad", "partner", "partner", start_date=years_ago(2))


def refuge(context: DemoContext) -> None:
    b = _family(
        context,
        "Kaur family",
        "North",
        "colleague",
        {
            "line1": "Refuge address held by the team manager",
            "line2": "Do not disclose",
            "town": "Northam",
            "postcode": "NM9 9ZZ",
            "confidential": True,
        },
    )
    if not b:
        return
    b.person(
        "mum",
        "adult",
        first_name="Harpreet",
        last_name="Kaur",
        sex="F",
        date_of_birth=years_ago(30, 6, 1),
        ethnicity="AIND",
        first_language="Punjabi",
    )
    b.person(
        "dev",
        "child",
        subject=True,
        first_name="Dev",
        last_name="Singh",
        sex="M",
        date_of_birth=years_ago(4, 1, 5),
        ethnicity="AIND",
    )
    b.person(
        "father",
        "adult",
        member=False,
        first_name="Manjit",
        last_name="Singh",
        sex="M",
        date_of_birth=years_ago(35, 3, 3),
        ethnicity="AIND",
    )
    b.rel("mum", "parent", "dev", parental_responsibility=True)
    b.rel("father", "parent", "dev", parental_responsibility=True)
    b.rel("father", "ex_partner", "mum", end_date=years_ago(1), emotional="abusive")
    services.warning_add(
        by=b.by,
        person=b.people["father"],
        kind="risk_to_children",
        detail="Non-molestation order in place: do not share the family's address or plans.",
        from_date=years_ago(1),
    )
    services.warning_add(
        by=b.by,
        person=b.people["father"],
        kind="violence",
        detail="History of violence towards Harpreet. Visit in pairs if he may be present.",
        from_date=years_ago(1),
    )


def restricted_record(context: DemoContext) -> None:
    b = _family(
        context,
        "Fletcher family",
        "North",
        "worker",
        {"line1": "61 Meadow Rise", "town": "Northam", "postcode": "NM7 6MR"},
    )
    if not b:
        return
    b.person(
        "mum",
        "adult",
        first_name="Rachel",
        last_name="Fletcher",
        sex="F",
        date_of_birth=years_ago(36, 2, 14),
        ethnicity="WBRI",
    )
    child = b.person(
        "noah",
        "child",
        subject=True,
        first_name="Noah",
        last_name="Fletcher",
        sex="M",
        date_of_birth=years_ago(11, 11, 30),
        ethnicity="WBRI",
    )
    b.rel("mum", "parent", "noah", parental_responsibility=True)
    services.person_set_restriction(
        by=context.users["manager"],
        person=child,
        restricted=True,
        restricted_to=[context.users["worker"]],
        expected_version=child.version,
    )
    context.notes.append("  Noah Fletcher's record is restricted: only 'worker' and 'manager' may open it.")


def estimated_adult(context: DemoContext) -> None:
    b = _family(
        context,
        "Mensah family",
        "South",
        "south",
        {"line1": "7 Harbour View", "town": "Southby", "postcode": "SB2 7HV"},
    )
    if not b:
        return
    b.person(
        "uncle",
        "adult",
        first_name="Kwame",
        last_name="Mensah",
        sex="M",
        date_of_birth=datetime.date(TODAY().year - 50, 7, 1),
        date_of_birth_estimated=True,
        ethnicity="BAFR",
        first_language="Twi",
        immigration_status="Leave to remain",
    )
    b.person(
        "kofi",
        "child",
        subject=True,
        first_name="Kofi",
        last_name="Mensah",
        sex="M",
        date_of_birth=years_ago(16, 2, 2),
        ethnicity="BAFR",
        uasc=True,
        first_language="Twi",
        interpreter_needed=True,
    )
    b.rel("uncle", "aunt_uncle", "kofi")
    b.rel("uncle", "carer", "kofi", parental_responsibility=False)
    services.person_update(
        by=b.by,
        person=b.people["kofi"],
        changes={"aliases": ["Kofi Asante"]},
        expected_version=b.people["kofi"].version,
        reason="Previous name recorded",
    )


SURNAMES = [
    "Taylor",
    "Brown",
    "Wilson",
    "Robinson",
    "Wright",
    "Thompson",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Turner",
    "White",
    "Cooper",
    "Ward",
    "Patel",
    "Ali",
    "Hussain",
    "Murphy",
]
ADULT_NAMES = [
    ("Emma", "F"),
    ("Daniel", "M"),
    ("Sophie", "F"),
    ("Liam", "M"),
    ("Natalie", "F"),
    ("Ryan", "M"),
    ("Hannah", "F"),
    ("Adam", "M"),
    ("Laura", "F"),
    ("Mark", "M"),
]
CHILD_NAMES = [
    ("Olivia", "F"),
    ("Jack", "M"),
    ("Amelia", "F"),
    ("Harry", "M"),
    ("Isla", "F"),
    ("Leo", "M"),
    ("Freya", "F"),
    ("Oscar", "M"),
    ("Ruby", "F"),
    ("Alfie", "M"),
    ("Ivy", "F"),
    ("Theo", "M"),
]


def ordinary_families(context: DemoContext) -> None:
    """A run of families of one or two parents and one to three children, spread over teams."""
    holders = [("North", "worker"), ("North", "colleague"), ("South", "south"), ("Front Door", "frontdoor")]
    for index, surname in enumerate(SURNAMES):
        team, user = holders[index % len(holders)]
        b = _family(
            context,
            f"{surname} family",
            team,
            user,
            {
                "line1": f"{10 + index} {['Park', 'Church', 'Mill', 'King'][index % 4]} Street",
                "town": "Northam" if team != "South" else "Southby",
                "postcode": f"NM{index % 9 + 1} {index}AB",
            },
        )
        if not b:
            continue
        first, sex = ADULT_NAMES[index % len(ADULT_NAMES)]
        b.person(
            "p1",
            "adult",
            first_name=first,
            last_name=surname,
            sex=sex,
            date_of_birth=years_ago(28 + index % 15, index % 12 + 1, index % 27 + 1),
            ethnicity="WBRI",
        )
        if index % 3:
            second, sex2 = ADULT_NAMES[(index + 5) % len(ADULT_NAMES)]
            b.person(
                "p2",
                "adult",
                first_name=second,
                last_name=surname,
                sex=sex2,
                date_of_birth=years_ago(30 + index % 11, (index + 3) % 12 + 1, index % 25 + 1),
                ethnicity="WBRI",
            )
            b.rel("p1", "spouse" if index % 2 else "partner", "p2")
        for n in range(1 + index % 3):
            name, csex = CHILD_NAMES[(index * 3 + n) % len(CHILD_NAMES)]
            key = f"c{n}"
            b.person(
                key,
                "child",
                subject=True,
                first_name=name,
                last_name=surname,
                sex=csex,
                date_of_birth=years_ago(2 + (index + n * 4) % 15, (index + n) % 12 + 1, n * 7 + 3),
                ethnicity="WBRI",
            )
            b.rel("p1", "parent", key, parental_responsibility=True)
            if "p2" in b.people:
                b.rel("p2", "parent", key, parental_responsibility=True)
            for earlier in range(n):
                b.rel(f"c{earlier}", "sibling", key)
        if index % 5 == 0:
            services.warning_add(
                by=b.by,
                person=b.people["p1"],
                kind="animal",
                detail="Two large dogs: ask for them to be shut away before entering.",
                from_date=years_ago(1),
            )


@register(20, "families.people_and_families")
def people_and_families(context: DemoContext) -> None:
    for step in (
        three_generations,
        step_family,
        single_parent,
        special_guardianship,
        twins,
        unborn_baby,
        deceased_grandparent,
        two_households,
        refuge,
        restricted_record,
        estimated_adult,
        ordinary_families,
    ):
        step(context)
    context.notes.append(f"  {Family.objects.count()} families and {Person.objects.count()} people recorded.")
