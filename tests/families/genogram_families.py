"""The test families of GENOGRAM.md §8 as plain data for build_genogram (no database).

`Fam` is a tiny builder: `f.person("mum", "F", 1985)`, `f.rel("mum", "parent", "ava")`,
`f.member("ava", subject=True)`; ids are readable ("p-mum", "r-3") so failures say who.
"""

from __future__ import annotations

import datetime
from typing import Any

AS_AT = datetime.date(2026, 6, 1)


class Fam:
    def __init__(self, name: str = "Test family", family_id: str = "fam00001-test") -> None:
        self.data: dict[str, Any] = {
            "family": {"id": family_id, "name": name},
            "as_at": AS_AT,
            "people": [],
            "relationships": [],
            "memberships": [],
        }

    def person(self, key: str, sex: str = "F", born: Any = None, **extra: Any) -> str:
        if isinstance(born, int):
            born = datetime.date(born, 6, 1)
        first = extra.pop("first_name", key.capitalize())
        self.data["people"].append(
            {
                "id": f"p-{key}",
                "first_name": first,
                "last_name": extra.pop("last_name", "Smith"),
                "sex": sex,
                "date_of_birth": born,
                **extra,
            }
        )
        return f"p-{key}"

    def rel(self, a: str, kind: str, b: str, **extra: Any) -> str:
        rid = f"r-{len(self.data['relationships']) + 1:03d}"
        self.data["relationships"].append(
            {"id": rid, "from_person": f"p-{a}", "to_person": f"p-{b}", "kind": kind, **extra}
        )
        return rid

    def member(self, key: str, subject: bool = False, family: str | None = None, **extra: Any) -> None:
        self.data["memberships"].append(
            {
                "family_id": family or self.data["family"]["id"],
                "family_name": "Other" if family else self.data["family"]["name"],
                "person": f"p-{key}",
                "role": "child" if subject else "adult",
                "is_subject": subject,
                "joined": datetime.date(2020, 1, 1),
                "left": None,
                **extra,
            }
        )

    def parents(self, child: str, *parents: str, **extra: Any) -> None:
        for parent in parents:
            self.rel(parent, "parent", child, **extra)


def d(year: int, month: int = 6, day: int = 1) -> datetime.date:
    return datetime.date(year, month, day)


def f01_married_three_children() -> Fam:
    f = Fam("Smith family")
    f.person("dad", "M", 1980)
    f.person("mum", "F", 1982)
    f.rel("mum", "spouse", "dad", start_date=d(2009))
    for key, year in (("cara", 2012), ("ben", 2010), ("dan", 2015)):
        f.person(key, "M" if key != "cara" else "F", year)
        f.parents(key, "mum", "dad", parental_responsibility=True)
        f.member(key, subject=key == "cara")
    f.member("mum")
    f.member("dad")
    return f


def f02_single_mother() -> Fam:
    f = Fam()
    f.person("mum", "F", 1990)
    f.person("ava", "F", 2018)
    f.rel("mum", "parent", "ava", parental_responsibility=True)
    f.member("mum")
    f.member("ava", subject=True)
    return f


def f03_three_fathers() -> Fam:
    f = Fam()
    f.person("mum", "F", 1985)
    f.person("kai", "M", 1983)
    for key, year in (("a1", 2005), ("a2", 2009), ("a3", 2014)):
        f.person(key, "F", year)
        f.rel("mum", "parent", key)
        f.member(key, subject=key == "a3")
    f.rel("kai", "parent", "a2")
    f.rel("a1", "half_sibling", "a3")
    f.member("mum")
    return f


def f04_divorced_remarried() -> Fam:
    f = Fam()
    f.person("dad", "M", 1975)
    f.person("ex", "F", 1976)
    f.person("wife", "F", 1984)
    f.rel("dad", "ex_spouse", "ex", start_date=d(2000), end_date=d(2010))
    f.rel("dad", "spouse", "wife", start_date=d(2013))
    f.person("old1", "M", 2002)
    f.person("old2", "F", 2005)
    f.person("new1", "F", 2015)
    f.parents("old1", "dad", "ex")
    f.parents("old2", "dad", "ex")
    f.parents("new1", "dad", "wife")
    for key in ("dad", "wife", "new1"):
        f.member(key, subject=key == "new1")
    return f


def f05_blended() -> Fam:
    f = Fam()
    f.person("mum", "F", 1985)
    f.person("step", "M", 1983)
    f.person("exh", "M", 1982)
    f.person("exw", "F", 1986)
    f.person("ava", "F", 2010)
    f.person("leo", "M", 2011)
    f.person("joint", "F", 2020)
    f.rel("mum", "ex_partner", "exh", end_date=d(2014))
    f.rel("step", "ex_spouse", "exw", start_date=d(2008), end_date=d(2015))
    f.rel("mum", "spouse", "step", start_date=d(2018))
    f.parents("ava", "mum", "exh")
    f.parents("leo", "step", "exw")
    f.parents("joint", "mum", "step")
    f.rel("step", "step_parent", "ava", parental_responsibility=True)
    for key in ("mum", "step", "ava", "leo", "joint"):
        f.member(key, subject=key == "ava")
    return f


def f06_cohabiting_separated() -> Fam:
    f = Fam()
    f.person("mum", "F", 1990)
    f.person("dad", "M", 1989)
    f.person("kid", "M", 2016)
    f.rel("mum", "partner", "dad", start_date=d(2012), end_date=d(2019))
    f.parents("kid", "mum", "dad")
    f.member("mum")
    f.member("kid", subject=True)
    return f


def f07_adoption() -> Fam:
    f = Fam()
    f.person("bmum", "F", 1995)
    f.person("bdad", "M", 1994)
    f.person("amum", "F", 1980)
    f.person("adad", "M", 1979)
    f.person("kid", "F", 2018)
    f.rel("amum", "spouse", "adad", start_date=d(2005))
    f.parents("kid", "bmum", "bdad")
    f.parents("kid", "amum", "adad", parental_responsibility=True)
    for key in ("amum", "adad", "kid"):
        f.member(key, subject=key == "kid")
    f.data["relationships"][-2]["kind"] = "adoptive_parent"
    f.data["relationships"][-1]["kind"] = "adoptive_parent"
    return f


def f08_foster() -> Fam:
    f = Fam()
    f.person("bmum", "F", 1992)
    f.person("kid", "M", 2015)
    f.person("fc1", "F", 1970)
    f.person("fc2", "M", 1968)
    f.rel("fc1", "spouse", "fc2", start_date=d(1995))
    f.rel("bmum", "parent", "kid", parental_responsibility=True)
    f.rel("fc1", "foster_carer", "kid", start_date=d(2024))
    f.rel("fc2", "foster_carer", "kid", start_date=d(2024))
    for key in ("fc1", "fc2", "kid"):
        f.member(key, subject=key == "kid")
    return f


def f09_sgo_grandmother() -> Fam:
    f = Fam()
    f.person("nan", "F", 1960)
    f.person("mum", "F", 1990)
    f.person("mia", "F", 2017)
    f.rel("nan", "parent", "mum")
    f.rel("mum", "parent", "mia", parental_responsibility=True)
    f.rel("nan", "special_guardian", "mia", parental_responsibility=True, start_date=d(2022))
    f.member("nan")
    f.member("mia", subject=True)
    return f


def f10_twins_triplets() -> Fam:
    f = Fam()
    f.person("mum", "F", 1985)
    f.person("dad", "M", 1984)
    f.rel("mum", "spouse", "dad")
    kids = ("fa", "fb", "ia", "ib", "t1", "t2", "t3")
    for i, key in enumerate(kids):
        born = d(2010) if key[0] == "f" else d(2014) if key[0] == "i" else d(2019)
        f.person(key, "F" if i % 2 else "M", born)
        f.parents(key, "mum", "dad")
        f.member(key, subject=key == "fa")
    f.rel("fa", "twin", "fb")
    f.rel("ia", "twin", "ib", identical=True)
    f.rel("t1", "twin", "t2")
    f.rel("t2", "twin", "t3")
    return f


def f11_deceased_remarried() -> Fam:
    f = Fam()
    f.person("dad", "M", 1968)
    f.person("first", "F", 1970, date_of_death=d(2015, 3, 3))
    f.person("second", "F", 1975)
    f.rel("dad", "spouse", "first", start_date=d(1995))
    f.rel("dad", "spouse", "second", start_date=d(2018))
    f.person("kid", "M", 2005)
    f.parents("kid", "dad", "first")
    for key in ("dad", "second", "kid"):
        f.member(key, subject=key == "kid")
    return f


def f12_pregnancy_losses() -> Fam:
    f = Fam()
    f.person("mum", "F", 1992)
    f.person("dad", "M", 1990)
    f.rel("mum", "partner", "dad")
    f.person("kid", "F", 2016)
    f.person("loss", "U", None, expected_date_of_birth=d(2019), pregnancy_outcome="miscarriage", first_name="")
    f.person("still", "M", None, expected_date_of_birth=d(2021), pregnancy_outcome="stillbirth", first_name="")
    f.person("baby", "U", None, expected_date_of_birth=d(2026, 9, 1), first_name="Baby")
    for key in ("kid", "loss", "still", "baby"):
        f.parents(key, "mum", "dad")
    for key in ("mum", "dad", "kid", "baby"):
        f.member(key, subject=key in ("kid", "baby"))
    return f


def f13_same_sex_nonbinary() -> Fam:
    f = Fam()
    f.person("ann", "F", 1980)
    f.person("bea", "F", 1982)
    f.person("sky", "U", 1990, first_name="Sky")
    f.rel("bea", "spouse", "ann", start_date=d(2012))
    for key in ("k1", "k2"):
        f.person(key, "M", 2015 if key == "k1" else 2017)
        f.rel("ann", "adoptive_parent", key)
        f.rel("bea", "adoptive_parent", key)
        f.member(key, subject=key == "k1")
    f.person("k3", "F", 2021)
    f.parents("k3", "bea", "sky")
    f.member("ann")
    f.member("bea")
    f.member("k3")
    return f


def f14_teen_mother() -> Fam:
    f = Fam()
    f.person("gran", "F", 1965)
    f.person("mum", "F", 1985)
    f.person("teen", "F", 2009)
    f.person("baby", "M", 2025)
    f.rel("gran", "parent", "mum")
    f.rel("mum", "parent", "teen")
    f.rel("teen", "parent", "baby")
    f.member("mum")
    f.member("teen", subject=True)
    f.member("baby", subject=True)
    return f


def f15_two_brothers_two_sisters() -> Fam:
    f = Fam()
    f.person("gp1", "M", 1950)
    f.person("gm1", "F", 1952)
    f.person("gp2", "M", 1951)
    f.person("gm2", "F", 1953)
    f.rel("gp1", "spouse", "gm1")
    f.rel("gp2", "spouse", "gm2")
    for key, sex, parents in (("b1", "M", "1"), ("b2", "M", "1"), ("s1", "F", "2"), ("s2", "F", "2")):
        f.person(key, sex, 1975 + int(key[1]))
        f.parents(key, f"gp{parents}", f"gm{parents}")
    f.rel("b1", "spouse", "s1")
    f.rel("b2", "spouse", "s2")
    f.person("c1", "F", 2005)
    f.person("c2", "M", 2006)
    f.parents("c1", "b1", "s1")
    f.parents("c2", "b2", "s2")
    f.rel("c1", "spouse", "c2")  # cousin marriage
    f.member("c1", subject=True)
    return f


def f16_younger_partner() -> Fam:
    f = Fam()
    f.person("gran", "F", 1955)
    f.person("mum", "F", 1980)
    f.person("young", "M", 2002)
    f.person("kid", "M", 2012)
    f.rel("gran", "parent", "mum")
    f.rel("mum", "partner", "young", start_date=d(2024))
    f.rel("mum", "parent", "kid")
    for key in ("mum", "young", "kid"):
        f.member(key, subject=key == "kid")
    return f


def f17_derived_only() -> Fam:
    f = Fam()
    f.person("kid", "F", 2015)
    f.person("gran", "F", 1955)
    f.person("sib", "M", 2012)
    f.person("half", "F", 2018)
    f.person("other", "M", 2010)
    f.rel("gran", "grandparent", "kid")
    f.rel("kid", "sibling", "sib")
    f.rel("kid", "half_sibling", "half")
    f.rel("other", "half_sibling", "half")
    f.member("kid", subject=True)
    return f


def f18_lodger() -> Fam:
    f = f02_single_mother()
    f.person("lodger", "M", 1970)
    f.member("lodger")
    return f


def f19_large() -> Fam:
    f = Fam("Large family")
    f.person("gp", "M", 1940)
    f.person("gm", "F", 1942)
    f.rel("gp", "spouse", "gm")
    for i in range(12):
        key = f"s{i:02d}"
        f.person(key, "M" if i % 2 else "F", 1962 + i)
        f.parents(key, "gp", "gm")
        if i < 8:
            spouse = f"sp{i:02d}"
            f.person(spouse, "F" if i % 2 else "M", 1961 + i)
            f.rel(key, "spouse", spouse)
            for j in range(2 + i % 2):
                kid = f"k{i:02d}{j}"
                f.person(kid, "M" if j % 2 else "F", 1990 + i + j)
                f.parents(kid, key, spouse)
                f.member(kid, subject=(i, j) == (0, 0))
    return f


def f20_names() -> Fam:
    f = Fam("O'Neill & <Smith> family")
    f.person("zoe", "F", 1990, first_name="Zoë", last_name="Łukasz-Wojciechowska-Montgomery-Smythe")
    f.person("amr", "M", 1988, first_name="عمرو", last_name="O'Neill & Sons <Ltd>")
    f.person("kid", "F", 2019, first_name="Maximiliana-Theodora-Evangelina", last_name="Smith")
    f.rel("zoe", "spouse", "amr")
    f.parents("kid", "zoe", "amr")
    f.member("kid", subject=True)
    return f


def f21_unknown_dobs() -> Fam:
    f = Fam()
    f.person("mum", "F", None)
    f.person("dad", "M", None, date_of_birth_estimated=True)
    f.rel("mum", "spouse", "dad")
    f.person("a", "F", None)
    f.person("b", "M", d(2015, 1, 1))
    f.person("c", "F", d(2015, 1, 1))
    f.person("e", "M", 2012)
    for key in ("a", "b", "c", "e"):
        f.parents(key, "mum", "dad")
    f.member("b", subject=True)
    return f


def f22_bad_data() -> Fam:
    f = Fam()
    f.person("a", "F", 1980)
    f.person("b", "M", 2000)
    f.person("c", "F", 2010)
    f.rel("a", "parent", "b")
    f.rel("b", "parent", "c")
    f.rel("c", "parent", "a")  # a is her own ancestor
    f.person("young", "M", 2015)
    f.person("old", "F", 2001)
    f.rel("young", "parent", "old")  # a parent younger than the child
    f.member("c", subject=True)
    return f


ALL = {
    1: f01_married_three_children,
    2: f02_single_mother,
    3: f03_three_fathers,
    4: f04_divorced_remarried,
    5: f05_blended,
    6: f06_cohabiting_separated,
    7: f07_adoption,
    8: f08_foster,
    9: f09_sgo_grandmother,
    10: f10_twins_triplets,
    11: f11_deceased_remarried,
    12: f12_pregnancy_losses,
    13: f13_same_sex_nonbinary,
    14: f14_teen_mother,
    15: f15_two_brothers_two_sisters,
    16: f16_younger_partner,
    17: f17_derived_only,
    18: f18_lodger,
    19: f19_large,
    20: f20_names,
    21: f21_unknown_dobs,
    22: f22_bad_data,
}
