"""A demo-like family for the drawing tests (no tests here; the drawing tests import it).

The Smiths: Ava (9, the subject child) and her brother Leo live with their mother Kim and her
husband Dan; their father Rob is divorced from Kim. Ava has community connections of every
strength, and the family has professionals from two agencies.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from families import services
from families.models import Family, Person
from tests.families.conftest import make_family, make_person


@dataclass
class Smiths:
    family: Family
    ava: Person
    leo: Person
    kim: Person
    dan: Person
    rob: Person
    connections: list
    professionals: list


def smith_household(by, ava: Person | None = None) -> Smiths:
    ava = ava or make_person(by, "Ava", "Smith", date_of_birth=datetime.date(2016, 5, 4))
    leo = make_person(by, "Leo", "Smith", date_of_birth=datetime.date(2018, 9, 1), sex="M")
    kim = make_person(by, "Kim", "Smith", date_of_birth=datetime.date(1988, 2, 2))
    dan = make_person(by, "Dan", "Brown", date_of_birth=datetime.date(1985, 7, 7), sex="M")
    rob = make_person(by, "Rob", "Smith", date_of_birth=datetime.date(1986, 3, 3), sex="M")
    family = make_family(by, members=[(ava, "child"), (leo, "child"), (kim, "adult"), (dan, "adult")])
    for child in (ava, leo):
        for parent in (kim, rob):
            services.relationship_create(by=by, from_person=parent, to_person=child, data={"kind": "parent"})
    services.relationship_create(
        by=by,
        from_person=kim,
        to_person=rob,
        data={"kind": "ex_spouse", "start_date": datetime.date(2012, 6, 1), "end_date": datetime.date(2019, 1, 1)},
    )
    services.relationship_create(
        by=by, from_person=kim, to_person=dan, data={"kind": "spouse", "start_date": datetime.date(2021, 8, 1)}
    )
    ties = [
        ("Oakfield Primary", "school", "strong", "both"),
        ("Gran Smith", "family", "strong", "to_person"),
        ("Riverside Football Club", "leisure", "moderate", "from_person"),
        ("St Anne's Church", "faith", "tenuous", "none"),
        ("Dad's new partner", "family", "stressful", "from_person"),
    ]
    connections = [
        services.connection_create(
            by=by, person=ava, data={"name": name, "kind": kind, "strength": strength, "energy": energy}
        )
        for name, kind, strength, energy in ties
    ]
    professionals = [
        services.professional_create(by=by, family=family, data={"name": n, "role": r, "agency": a})
        for n, r, a in (("Dr Patel", "GP", "NHS Leeds"), ("Jo Hart", "Health visitor", "NHS Leeds"))
    ] + [
        services.professional_create(
            by=by,
            family=family,
            data={"name": "Mr Khan", "role": "Class teacher", "agency": "Oakfield Primary", "working_with": ava},
        )
    ]
    return Smiths(family, ava, leo, kim, dan, rob, connections, professionals)
