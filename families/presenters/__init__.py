"""View models for the people and families pages (templates only lay them out)."""

from families.presenters.history import person_history
from families.presenters.records import FamilyPage, PersonRecord, family_page, person_record
from families.presenters.words import (
    Relation,
    age_text,
    date_uk,
    dob_text,
    join_words,
    parse_relation,
    person_bar,
    possessive,
    relation_choices,
    search_lines,
)

__all__ = [
    "FamilyPage",
    "PersonRecord",
    "Relation",
    "age_text",
    "date_uk",
    "dob_text",
    "family_page",
    "join_words",
    "parse_relation",
    "person_bar",
    "person_history",
    "person_record",
    "possessive",
    "relation_choices",
    "search_lines",
]
