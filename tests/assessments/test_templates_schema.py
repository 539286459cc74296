"""The schema of assessment templates: what is refused (each message naming the section by its
position and key), what is filled in, and the bundled templates."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from assessments.kinds import SECTION_KINDS
from assessments.schema import bundled_templates, parse_template_json, template_json, validate_template
from tests.factories.assessment_templates import section, template_data


def problems(data) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_template(data)
    return caught.value.messages


def with_section(position: int, **changes) -> dict:
    data = template_data()
    data["sections"][position - 1] |= changes
    return data


def test_a_valid_template_is_returned_cleaned_with_its_defaults():
    cleaned = validate_template(template_data())

    assert cleaned["key"] == "strengths-based"
    assert [s["key"] for s in cleaned["sections"]] == ["worries", "scaling", "analysis"]
    worries, scaling, analysis = cleaned["sections"]
    assert worries == {
        "key": "worries",
        "title": "What we are worried about",
        "help": "Help for worries.",
        "kind": "three_columns",
        "required": False,
        "family_copy": True,
    }
    assert scaling["anchors"] == {"0": "Not safe at all", "10": "Safe enough to close"}
    assert scaling["viewpoints"] == ["worker", "family"]
    assert analysis["required"] is True


def test_a_scale_without_viewpoints_asks_all_three():
    data = with_section(2, viewpoints=None)
    del data["sections"][1]["viewpoints"]
    assert validate_template(data)["sections"][1]["viewpoints"] == ["worker", "family", "child"]


@pytest.mark.parametrize(
    ("position", "changes", "expected"),
    [
        (2, {"kind": "essay"}, "Section 2 (scaling): kind 'essay' is not one of narrative, yes_no, three_columns"),
        (3, {"kind": ""}, "Section 3 (analysis): kind is required"),
        (1, {"title": ""}, "Section 1 (worries): title is required"),
        (1, {"title": 7}, "Section 1 (worries): title must be text"),
        (3, {"key": "worries"}, "Section 3 (worries): key 'worries' is used by an earlier section"),
        (1, {"key": "Reason for work"}, "Section 1 (Reason for work): key 'Reason for work' must be lower-case"),
        (1, {"colour": "red"}, "Section 1 (worries): unknown property 'colour'"),
        (1, {"anchors": {"0": "x"}}, "Section 1 (worries): anchors is only for scale sections"),
        (2, {"anchors": {"11": "Beyond"}}, "Section 2 (scaling): anchor '11' is not a point of the scale (0 to 10)"),
        (2, {"anchors": {"5": ""}}, "Section 2 (scaling): anchor '5' must say what that point of the scale means"),
        (2, {"viewpoints": ["worker", "dog"]}, "Section 2 (scaling): viewpoint 'dog' is not one of worker, family"),
        (2, {"required": "yes"}, "Section 2 (scaling): required must be true or false"),
        (2, {"family_copy": 0}, "Section 2 (scaling): family_copy must be true or false"),
        (3, {"kind": "yes_no"}, "Section 3 (analysis): kind must be narrative: the section keyed 'analysis'"),
    ],
)
def test_a_malformed_section_is_refused_naming_the_section(position, changes, expected):
    messages = problems(with_section(position, **changes))
    assert any(m.startswith(expected) for m in messages), messages


def test_a_section_without_a_key_is_named_by_its_position():
    data = template_data()
    del data["sections"][1]["key"]
    assert "Section 2: key is required" in problems(data)


def test_a_section_that_is_not_an_object_is_named_by_its_position():
    data = template_data()
    data["sections"].insert(0, "reason for work")
    assert problems(data) == ["Section 1: must be an object with a key, a title and a kind"]


def test_every_problem_is_reported_at_once():
    data = template_data(name="", extra=True)
    data["sections"][0]["kind"] = "essay"
    data["sections"][2]["title"] = ""
    messages = problems(data)
    assert "Unknown property 'extra': a template has key, name, description, sections" in messages
    assert "The template's name is required" in messages
    assert any(m.startswith("Section 1 (worries): kind 'essay'") for m in messages)
    assert "Section 3 (analysis): title is required" in messages


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"sections": []}, "sections must be a list of one or more sections"),
        ({"sections": {"a": 1}}, "sections must be a list of one or more sections"),
        ({"key": "Understanding Families"}, "The template's key 'Understanding Families' must be lower-case"),
        ({"key": ""}, "The template's key is required"),
    ],
)
def test_a_malformed_template_is_refused(changes, expected):
    assert any(m.startswith(expected) for m in problems(template_data(**changes)))


def test_factors_may_be_used_only_once():
    data = template_data()
    data["sections"] += [section("factors", "factors"), section("more-factors", "factors")]
    assert "Sections 4, 5: kind 'factors' may be used only once in a template" in problems(data)


def test_a_template_must_be_an_object():
    assert problems([1, 2]) == ["The template must be a JSON object with a key, a name and sections"]


def test_json_syntax_errors_are_reported_with_line_and_column():
    with pytest.raises(ValidationError) as caught:
        parse_template_json('{\n  "key": "x",\n  "name": \n}')
    assert caught.value.messages == ["The JSON is not valid at line 4, column 1: Expecting value"]


def test_json_text_is_validated_like_a_dict():
    text = json.dumps(template_data())
    assert parse_template_json(text) == validate_template(template_data())
    assert validate_template(text.encode()) == validate_template(template_data())
    with pytest.raises(ValidationError, match="Section 2 \\(scaling\\): kind 'essay'"):
        parse_template_json(json.dumps(with_section(2, kind="essay")))


def test_a_file_that_is_not_utf8_text_is_refused():
    with pytest.raises(ValidationError, match="UTF-8"):
        parse_template_json(b"\xff\xfe\x00k")


def test_empty_json_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        parse_template_json("   ")


def test_a_template_round_trips_through_its_json():
    cleaned = validate_template(template_data())
    assert parse_template_json(template_json(cleaned)) == cleaned


# --- The bundled templates --------------------------------------------------------------------------


def bundled(key: str) -> dict:
    return next(t for t in bundled_templates() if t["key"] == key)


def test_understanding_families_has_every_annex_b_section_in_order_then_views_analysis_and_next_steps():
    template = bundled("understanding-families")
    assert [(s["key"], s["kind"]) for s in template["sections"]] == [
        ("family-membership", "subject_children"),
        ("household", "household"),
        ("address", "address"),
        ("professionals", "professionals"),
        ("reason-for-work", "narrative"),
        ("initial-plan", "narrative"),
        ("child-protection", "child_protection"),
        ("family-background", "narrative"),
        ("child-profile", "narrative"),
        ("family-tree", "genogram"),
        ("relationships", "ecomap"),
        ("family-relationships", "narrative"),
        ("timeline", "timeline"),
        ("childs-views", "narrative"),
        ("family-views", "narrative"),
        ("analysis", "narrative"),
        ("factors", "factors"),
        ("what-happens-next", "narrative"),
    ]
    titles = [s["title"] for s in template["sections"]]
    assert titles[:4] == [
        "Family membership",
        "Household composition and significant others",
        "Address and telephone",
        "Professionals involved",
    ]
    assert "The child's profile and story" in titles and "The child's views" in titles


def test_every_bundled_section_has_help_for_workers():
    for template in bundled_templates():
        for s in template["sections"]:
            assert len(s["help"]) > 60, (template["key"], s["key"])


def test_signs_of_safety_has_its_columns_a_safety_scale_with_anchors_factors_and_analysis():
    template = bundled("signs-of-safety")
    kinds = {s["key"]: s["kind"] for s in template["sections"]}
    for key in ("harm-and-danger", "complicating-factors", "strengths-and-safety", "safety-goals", "next-steps"):
        assert kinds[key] in ("narrative", "three_columns")
    assert kinds["analysis"] == "narrative" and kinds["factors"] == "factors"
    scale = next(s for s in template["sections"] if s["key"] == "safety-scale")
    assert scale["kind"] == "scale"
    assert set(scale["anchors"]) == {"0", "10"}
    assert scale["viewpoints"] == ["worker", "family", "child"]


def test_bundled_templates_use_only_known_kinds_and_leave_census_factors_out_of_the_family_copy():
    for template in bundled_templates():
        for s in template["sections"]:
            assert s["kind"] in SECTION_KINDS
            assert s["family_copy"] is (s["kind"] != "factors")


def test_a_version_number_in_the_json_is_refused_with_a_reason():
    messages = problems(template_data(version=3))
    assert messages == [
        "Unknown property 'version': a template has key, name, description, sections "
        "(its version number is given when it is saved)"
    ]
