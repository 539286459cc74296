"""DfE Children in Need census codes (../shared/returns.md), used by records so that returns are
derived without translation. Each list is (code, plain-English label)."""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown or unborn"


ETHNICITY = [
    ("WBRI", "White: British"),
    ("WIRI", "White: Irish"),
    ("WIRT", "White: Traveller of Irish heritage"),
    ("WOTH", "White: any other White background"),
    ("WROM", "White: Gypsy or Roma"),
    ("MWBC", "Mixed: White and Black Caribbean"),
    ("MWBA", "Mixed: White and Black African"),
    ("MWAS", "Mixed: White and Asian"),
    ("MOTH", "Mixed: any other mixed background"),
    ("AIND", "Asian or Asian British: Indian"),
    ("APKN", "Asian or Asian British: Pakistani"),
    ("ABAN", "Asian or Asian British: Bangladeshi"),
    ("AOTH", "Asian or Asian British: any other Asian background"),
    ("BCRB", "Black or Black British: Caribbean"),
    ("BAFR", "Black or Black British: African"),
    ("BOTH", "Black or Black British: any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
]

DISABILITY = [
    ("NONE", "No disability"),
    ("MOB", "Mobility"),
    ("HAND", "Hand function"),
    ("PC", "Personal care"),
    ("INC", "Incontinence"),
    ("COMM", "Communication"),
    ("LD", "Learning"),
    ("HEAR", "Hearing"),
    ("VIS", "Vision"),
    ("BEH", "Behaviour"),
    ("CON", "Consciousness"),
    ("AUT", "Autism or Asperger syndrome"),
    ("DDA", "Other disability"),
]

UPN_UNKNOWN = [
    ("UN1", "Child is now aged 6 or over and was never in school"),
    ("UN2", "Child has never attended school (pre-school age)"),
    ("UN3", "Child is educated at home"),
    ("UN4", "Child newly arrived from abroad: UPN not yet obtained"),
    ("UN5", "Sources have been exhausted but no UPN has been found"),
    ("UN6", "Child is under 6 years old and not yet in school"),
    ("UN7", "Referral with no further action"),
]

REFERRAL_SOURCE = [
    ("1A", "Individual: family, relative or carer"),
    ("1B", "Individual: acquaintance (including neighbours and child minders)"),
    ("1C", "Individual: self"),
    ("1D", "Individual: other"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health: GP"),
    ("3B", "Health: health visitor"),
    ("3C", "Health: school nurse"),
    ("3D", "Health: other primary health"),
    ("3E", "Health: A&E"),
    ("3F", "Health: other"),
    ("4", "Housing"),
    ("5A", "LA services: social care"),
    ("5B", "LA services: other internal"),
    ("5C", "LA services: external"),
    ("5D", "LA services: early help"),
    ("6", "Police"),
    ("7", "Other legal agency"),
    ("8", "Other"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
]

PRIMARY_NEED = [
    ("N1", "Abuse, neglect and exploitation"),
    ("N2", "Child's disability"),
    ("N3", "Parental disability or illness"),
    ("N4", "Family in acute stress"),
    ("N5", "Family dysfunction"),
    ("N6", "Socially unacceptable behaviour"),
    ("N7", "Low income"),
    ("N8", "Absent parenting"),
    ("N9", "Cases other than children in need"),
    ("N0", "Not stated"),
]

CLOSURE_REASON = [
    ("RC1", "Adopted"),
    ("RC2", "Died"),
    ("RC3", "Child arrangements order"),
    ("RC4", "Special guardianship order"),
    ("RC5", "Transferred to another local authority"),
    ("RC6", "Transferred to adult social care"),
    ("RC7", "Services ceased for any other reason, including child no longer in need"),
    ("RC8", "Case closed after assessment, no further action"),
    ("RC9", "Case closed after assessment, referred to early help"),
]

CATEGORY_OF_ABUSE = [
    ("NEG", "Neglect"),
    ("PHY", "Physical abuse"),
    ("EMO", "Emotional abuse"),
    ("SAB", "Sexual abuse"),
    ("MUL", "Multiple"),
]

_PERSONS = (("A", "the child"), ("B", "the parent(s) or carer(s)"), ("C", "another person in the household"))
ASSESSMENT_FACTORS = [
    *[(f"1{p}", f"Alcohol misuse: {who}") for p, who in _PERSONS],
    *[(f"2{p}", f"Drug misuse: {who}") for p, who in _PERSONS],
    *[(f"3{p}", f"Domestic violence: {who}") for p, who in _PERSONS],
    *[(f"4{p}", f"Mental health: {who}") for p, who in _PERSONS],
    *[(f"5{p}", f"Learning disability: {who}") for p, who in _PERSONS],
    *[(f"6{p}", f"Physical disability or illness: {who}") for p, who in _PERSONS],
    ("7A", "Young carer"),
    ("8B", "Privately fostered: overseas child, parents intend to return"),
    ("8C", "Privately fostered: overseas child, parents do not intend to return"),
    ("8D", "Privately fostered: UK child, educational reasons"),
    ("8E", "Privately fostered: UK child, family breakdown"),
    ("8F", "Privately fostered: UK child, other reasons"),
    ("9A", "Unaccompanied asylum-seeking child"),
    ("10A", "Missing"),
    ("11A", "Child sexual exploitation"),
    ("12A", "Trafficking"),
    ("13A", "Gangs"),
    ("14A", "Socially unacceptable behaviour"),
    ("15A", "Self-harm"),
    ("16A", "Neglect"),
    ("17A", "Emotional abuse"),
    ("18B", "Physical abuse: child on child"),
    ("18C", "Physical abuse: adult on child"),
    ("19B", "Sexual abuse: child on child"),
    ("19C", "Sexual abuse: adult on child"),
    ("20", "Other"),
    ("21", "No factors identified"),
    ("22A", "Female genital mutilation"),
    ("23A", "Abuse linked to faith or belief"),
    ("24A", "Child criminal exploitation"),
]


def label(codes: list[tuple[str, str]], code: str | None) -> str:
    """The plain-English label of a code ('' for none)."""
    return dict(codes).get(code or "", code or "")
