"""Validation of identifiers and codes, with messages a worker can act on."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from casework.core.codes import DISABILITY, ETHNICITY

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # remainder 0..22 -> letter (DfE UPN guide)


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def validate_nhs_number(value: str) -> None:
    """10 digits whose last is the modulus 11 check digit of the first nine."""
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise ValidationError("NHS number must be 10 digits, like 943 476 5919", code="nhs_format")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise ValidationError(
            "NHS number is not valid: check it against the child's health records", code="nhs_checksum"
        )


def upn_check_letter(upn: str) -> str | None:
    """The check letter for characters 2-13 of a UPN (a temporary UPN ends in a letter)."""
    total = 0
    for weight, char in zip(range(2, 14), upn[1:13], strict=False):
        if char.isdigit():
            value = int(char)
        elif char in UPN_CHECK_LETTERS and weight == 13:
            value = UPN_CHECK_LETTERS.index(char)
        else:
            return None
        total += value * weight
    return UPN_CHECK_LETTERS[total % 23]


def validate_upn(value: str) -> None:
    """13 characters: a check letter, 11 digits, and a digit or (temporary UPN) a letter."""
    upn = (value or "").strip().upper()
    if not re.fullmatch(r"[A-Z][0-9]{11}[0-9A-Z]", upn):
        raise ValidationError(
            "UPN must be 13 characters: a letter, 11 digits, then a digit or a letter",
            code="upn_format",
        )
    if upn_check_letter(upn) != upn[0]:
        raise ValidationError(
            "UPN check letter is wrong: check the UPN with the child's school", code="upn_check_letter"
        )


def validate_ethnicity(value: str) -> None:
    if value and value not in dict(ETHNICITY):
        raise ValidationError(f"{value} is not a DfE ethnicity code", code="ethnicity")


def validate_disabilities(value: list[str]) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("Disabilities must be a list of DfE codes", code="disabilities")
    unknown = [v for v in value if v not in dict(DISABILITY)]
    if unknown:
        raise ValidationError(f"Not DfE disability codes: {', '.join(unknown)}", code="disabilities")
    if "NONE" in value and len(value) > 1:
        raise ValidationError("'No disability' cannot be combined with a disability", code="disabilities")
    if len(set(value)) != len(value):
        raise ValidationError("Each disability can be listed once", code="disabilities")


def validate_aliases(value: list[str]) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError("Other names must be a list of names", code="aliases")
    if any(len(v) > 200 for v in value):
        raise ValidationError("Each other name must be 200 characters or fewer", code="aliases")


LA_CHILD_ID_RE = re.compile(r"^[A-Za-z0-9]{1,20}$")


def validate_la_child_id(value: str) -> None:
    if not LA_CHILD_ID_RE.fullmatch(value or ""):
        raise ValidationError("LA child ID must be 1 to 20 letters and digits", code="la_child_id")
