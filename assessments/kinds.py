"""The kinds of section a template may use, and the shape of each kind's value.

Two families of kind:

* **written** — what the worker (with the family) writes; stored in ``Assessment.sections`` under
  the section's key while the assessment is open:

  - ``narrative``: a string.
  - ``yes_no``: ``{"answer": "yes" | "no" | "", "detail": str}``.
  - ``three_columns``: ``{"worried": str, "working_well": str, "needs_to_happen": str}``
    (what we are worried about / what is working well / what needs to happen).
  - ``scale``: ``{"worker": 0-10 | None, "family": 0-10 | None, "child": 0-10 | None,
    "comment": str}``; the template's section names the ``viewpoints`` it asks for (a subset of
    worker, family, child; default all three) and its ``anchors`` (``{"0": "...", "10": "..."}``).

* **pre-filled** — read from the record while the assessment is a draft (or returned), frozen into
  ``Assessment.snapshot`` when it is submitted, never typed:

  - ``subject_children``: the children (ID, name, DOB or EDD, gender, disability, ethnicity,
    religion).
  - ``household``: household members and significant others (with relationship and PR).
  - ``address``: the family's addresses and telephone numbers (confidential ones flagged).
  - ``professionals``: the professionals involved (Annex B columns).
  - ``genogram`` / ``ecomap``: the family's drawings (SVG text).
  - ``timeline``: the significant chronology entries.
  - ``child_protection``: whether a Section 47 enquiry is under way and its time frame.

* ``factors`` is neither: its value is the per-child outcome (``AssessmentChild.factors`` and
  ``requires_support``), shown and edited per child.
"""

from __future__ import annotations

WRITTEN_KINDS = ("narrative", "yes_no", "three_columns", "scale")
PREFILLED_KINDS = (
    "subject_children",
    "household",
    "address",
    "professionals",
    "genogram",
    "ecomap",
    "timeline",
    "child_protection",
)
OUTCOME_KINDS = ("factors",)
SECTION_KINDS = (*WRITTEN_KINDS, *PREFILLED_KINDS, *OUTCOME_KINDS)

KIND_LABELS = {
    "narrative": "Written text",
    "yes_no": "Yes or no, with detail",
    "three_columns": "Three columns (worries, what is working well, what needs to happen)",
    "scale": "Scale from 0 to 10",
    "subject_children": "The children (from the record)",
    "household": "Household and significant others (from the record)",
    "address": "Address and telephone (from the record)",
    "professionals": "Professionals involved (from the record)",
    "genogram": "Family tree (drawn from the record)",
    "ecomap": "Eco-map (drawn from the record)",
    "timeline": "Timeline of significant events (from the chronology)",
    "child_protection": "Child protection: Section 47 and conference (from the record)",
    "factors": "Factors identified for each child (CIN census codes)",
}

THREE_COLUMNS = (
    ("worried", "What are we worried about?"),
    ("working_well", "What is working well?"),
    ("needs_to_happen", "What needs to happen?"),
)
SCALE_VIEWPOINTS = (("worker", "Social worker"), ("family", "Family"), ("child", "Child"))


def is_prefilled(kind: str) -> bool:
    return kind in PREFILLED_KINDS


def is_written(kind: str) -> bool:
    return kind in WRITTEN_KINDS
