"""The schema of an assessment template kept as data, and the bundled templates.

A template is ``{"key", "name", "description", "sections": [...]}``; each section is
``{"key", "title", "help", "kind", "required", "family_copy"}`` plus, for a ``scale``,
``"anchors"`` and ``"viewpoints"`` (see ``assessments.kinds`` for what each kind holds).
``validate_template`` returns the cleaned template with every default filled in, or raises a
``ValidationError`` whose messages a performance officer can act on: each names the section by
its position and key ("Section 4 (reason-for-work): ..."). The bundled templates and uploaded
ones go through the same checks.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from assessments.kinds import SECTION_KINDS

TEMPLATE_PROPERTIES = ("key", "name", "description", "sections")
SECTION_PROPERTIES = ("key", "title", "help", "kind", "required", "family_copy", "anchors", "viewpoints")
SCALE_ONLY = ("anchors", "viewpoints")
VIEWPOINTS = ("worker", "family", "child")
ANCHOR_POINTS = tuple(str(n) for n in range(11))
ONCE_ONLY_KINDS = ("factors",)  # the per-child outcome is one table, shown once
ANALYSIS_KEY = "analysis"  # held in the assessment's own `analysis` field, so it is written text

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
MAX_KEY, MAX_NAME, MAX_TITLE, MAX_TEXT, MAX_ANCHOR = 60, 150, 200, 4000, 200
MAX_SECTIONS = 100
MAX_JSON_BYTES = 512 * 1024

BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"
BUNDLED_FILES = ("understanding-families.json", "signs-of-safety.json")
DEFAULT_TEMPLATE_KEY = "understanding-families"


def _quote_list(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values)


def _is_slug(value: Any, limit: int = MAX_KEY) -> bool:
    return isinstance(value, str) and 0 < len(value) <= limit and bool(SLUG.match(value))


def _text(value: Any, *, limit: int, what: str, required: bool) -> tuple[str, str | None]:
    """A string property: the cleaned value, or an error (in words) about it."""
    if value is None:
        return "", (f"{what} is required" if required else None)
    if not isinstance(value, str):
        return "", f"{what} must be text"
    value = value.strip()
    if required and not value:
        return "", f"{what} is required"
    if len(value) > limit:
        return value, f"{what} must be {limit} characters or fewer (it has {len(value)})"
    return value, None


def _bool(value: Any, *, default: bool, what: str) -> tuple[bool, str | None]:
    if value is None:
        return default, None
    if not isinstance(value, bool):
        return default, f"{what} must be true or false"
    return value, None


def _anchors(value: Any) -> tuple[dict[str, str], list[str]]:
    if not isinstance(value, dict):
        return {}, ['anchors must be an object such as {"0": "...", "10": "..."}']
    cleaned: dict[str, str] = {}
    errors = []
    for point, words in value.items():
        if point not in ANCHOR_POINTS:
            errors.append(f"anchor '{point}' is not a point of the scale (0 to 10)")
        elif not isinstance(words, str) or not words.strip():
            errors.append(f"anchor '{point}' must say what that point of the scale means")
        elif len(words.strip()) > MAX_ANCHOR:
            errors.append(f"anchor '{point}' must be {MAX_ANCHOR} characters or fewer")
        else:
            cleaned[point] = words.strip()
    return dict(sorted(cleaned.items(), key=lambda item: int(item[0]))), errors


def _viewpoints(value: Any) -> tuple[list[str], list[str]]:
    if not isinstance(value, list) or not value:
        return list(VIEWPOINTS), [f"viewpoints must be a list of one or more of {_quote_list(VIEWPOINTS)}"]
    unknown = [str(v) for v in value if v not in VIEWPOINTS]
    if unknown:
        return list(VIEWPOINTS), [f"viewpoint '{v}' is not one of {_quote_list(VIEWPOINTS)}" for v in unknown]
    if len(set(value)) != len(value):
        return list(VIEWPOINTS), ["viewpoints must not repeat"]
    return [v for v in VIEWPOINTS if v in value], []


def _section(position: int, raw: Any, seen_keys: set[str]) -> tuple[dict[str, Any], list[str]]:
    """One section cleaned, and its problems each prefixed with "Section N (key)"."""
    if not isinstance(raw, dict):
        return {}, [f"Section {position}: must be an object with a key, a title and a kind"]
    key = raw.get("key")
    label = f"Section {position} ({key})" if isinstance(key, str) and key else f"Section {position}"
    problems: list[str] = []
    for name in raw:
        if name not in SECTION_PROPERTIES:
            problems.append(f"unknown property '{name}' (a section may have {_quote_list(SECTION_PROPERTIES)})")
    if key is None or key == "":
        problems.append("key is required")
    elif not _is_slug(key):
        problems.append(
            f"key '{key}' must be lower-case letters and numbers joined by hyphens or underscores "
            f"(at most {MAX_KEY} characters), for example reason-for-work"
        )
    elif key in seen_keys:
        problems.append(f"key '{key}' is used by an earlier section: each section needs its own key")
    else:
        seen_keys.add(key)
    title, error = _text(raw.get("title"), limit=MAX_TITLE, what="title", required=True)
    problems += [error] if error else []
    help_text, error = _text(raw.get("help"), limit=MAX_TEXT, what="help", required=False)
    problems += [error] if error else []
    kind = raw.get("kind")
    if kind is None or kind == "":
        problems.append(f"kind is required: one of {_quote_list(SECTION_KINDS)}")
    elif kind not in SECTION_KINDS:
        problems.append(f"kind '{kind}' is not one of {_quote_list(SECTION_KINDS)}")
    elif key == ANALYSIS_KEY and kind != "narrative":
        problems.append(f"kind must be narrative: the section keyed '{ANALYSIS_KEY}' holds the assessment's analysis")
    required, error = _bool(raw.get("required"), default=False, what="required")
    problems += [error] if error else []
    family_copy, error = _bool(raw.get("family_copy"), default=True, what="family_copy")
    problems += [error] if error else []
    section: dict[str, Any] = {
        "key": key if isinstance(key, str) else "",
        "title": title,
        "help": help_text,
        "kind": kind if isinstance(kind, str) else "",
        "required": required,
        "family_copy": family_copy,
    }
    if kind == "scale":
        anchors, anchor_errors = _anchors(raw["anchors"]) if "anchors" in raw else ({}, [])
        viewpoints, viewpoint_errors = _viewpoints(raw["viewpoints"]) if "viewpoints" in raw else (list(VIEWPOINTS), [])
        problems += anchor_errors + viewpoint_errors
        section |= {"anchors": anchors, "viewpoints": viewpoints}
    elif kind in SECTION_KINDS:
        problems += [f"{name} is only for scale sections" for name in SCALE_ONLY if name in raw]
    return section, [f"{label}: {problem}" for problem in problems]


def _sections(value: Any) -> tuple[list[dict[str, Any]], list[str]]:
    if value is None:
        return [], ["sections is required: a list of one or more sections"]
    if not isinstance(value, list) or not value:
        return [], ["sections must be a list of one or more sections"]
    if len(value) > MAX_SECTIONS:
        return [], [f"sections must be {MAX_SECTIONS} or fewer (there are {len(value)})"]
    seen: set[str] = set()
    cleaned, errors = [], []
    for position, raw in enumerate(value, start=1):
        section, problems = _section(position, raw, seen)
        cleaned.append(section)
        errors += problems
    for kind in ONCE_ONLY_KINDS:
        positions = [str(n) for n, s in enumerate(cleaned, start=1) if s.get("kind") == kind]
        if len(positions) > 1:
            errors.append(f"Sections {', '.join(positions)}: kind '{kind}' may be used only once in a template")
    return cleaned, errors


def validate_template(data: Any) -> dict[str, Any]:
    """The template cleaned (``key``, ``name``, ``description``, ``sections`` with defaults), or
    a ValidationError listing every problem, each section named by its position and key."""
    if isinstance(data, str | bytes):
        return parse_template_json(data)
    if not isinstance(data, dict):
        raise ValidationError("The template must be a JSON object with a key, a name and sections", code="invalid")
    errors = [
        f"Unknown property '{name}': a template has {_quote_list(TEMPLATE_PROPERTIES)}"
        + (" (its version number is given when it is saved)" if name == "version" else "")
        for name in data
        if name not in TEMPLATE_PROPERTIES
    ]
    key = data.get("key")
    if key is None or key == "":
        errors.append("The template's key is required, for example understanding-families")
    elif not _is_slug(key):
        errors.append(
            f"The template's key '{key}' must be lower-case letters and numbers joined by hyphens or "
            f"underscores (at most {MAX_KEY} characters), for example understanding-families"
        )
    name, error = _text(data.get("name"), limit=MAX_NAME, what="The template's name", required=True)
    errors += [error] if error else []
    description, error = _text(data.get("description"), limit=MAX_TEXT, what="The description", required=False)
    errors += [error] if error else []
    sections, section_errors = _sections(data.get("sections"))
    errors += section_errors
    if errors:
        raise ValidationError([ValidationError(message, code="invalid") for message in errors])
    return {"key": key, "name": name, "description": description, "sections": sections}


def parse_template_json(text: str | bytes) -> dict[str, Any]:
    """A template typed or uploaded as JSON: a syntax error is reported with its line and column."""
    if isinstance(text, bytes):
        if len(text) > MAX_JSON_BYTES:
            raise ValidationError(f"The file must be smaller than {MAX_JSON_BYTES // 1024} KB", code="too_big")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError("The file must be JSON text saved as UTF-8", code="encoding") from exc
    if not text.strip():
        raise ValidationError("The template is empty: enter or upload its JSON", code="required")
    if len(text.encode("utf-8")) > MAX_JSON_BYTES:
        raise ValidationError(f"The JSON must be smaller than {MAX_JSON_BYTES // 1024} KB", code="too_big")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"The JSON is not valid at line {exc.lineno}, column {exc.colno}: {exc.msg}", code="syntax"
        ) from exc
    return validate_template(data)


def template_json(template: Any) -> str:
    """A template (a model or a cleaned dict) as the JSON a performance officer edits."""
    if isinstance(template, dict):
        data = {name: template.get(name) for name in TEMPLATE_PROPERTIES}
    else:
        data = {name: getattr(template, name) for name in TEMPLATE_PROPERTIES}
    return json.dumps(data, indent=2, ensure_ascii=False)


def bundled_templates() -> list[dict[str, Any]]:
    """The templates shipped with Casework, validated like any upload (a bad file fails loudly)."""
    return copy.deepcopy(list(_bundled()))


def bundled_keys() -> list[str]:
    return [template["key"] for template in _bundled()]


@cache
def _bundled() -> tuple[dict[str, Any], ...]:
    found = []
    for name in BUNDLED_FILES:
        try:
            found.append(parse_template_json((BUNDLED_DIR / name).read_bytes()))
        except ValidationError as exc:
            raise ValueError(f"The bundled template {name} is not valid: {'; '.join(exc.messages)}") from exc
    return tuple(found)
