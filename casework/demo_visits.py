"""Demo visits for `seed_demo`: seeing the children of the demo's open cases, through the visit
services (so the chronology is written as it would be by people).

- Okoro ('worker'): statutory home visits and a school visit where Tobi said how tired he is (a
  significant visit), then a phone call, which never counts as seeing him; case notes (one
  significant); a current summary in two versions; Tobi's drawing and his own words in his story;
  a school report in two versions.
- Harris-Kowalski ('worker'): Ava seen alone, Sam (3) seen, seen alone not applicable; a home
  visit from yesterday still a draft.
- Walsh ('colleague'): Mia seen alone, then three home visits in a row with no access.

Idempotent: a case that already has a visit, and a child who already has a summary, story or
document, are left alone.
"""

from __future__ import annotations

import datetime
import io
import struct
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.core.demo import DemoContext, register
from casework.core.models import User
from casework.core.uploads import IMAGE, PDF, check_upload
from casework.models import Case, ChildSummary, Document, StoryEntry, Visit
from casework.services import visits
from families.models import Person


def _open_case(family_name: str) -> Case | None:
    """The family's open case, unless an earlier run already recorded visits on it."""
    case = Case.objects.filter(family__name=family_name, status="open").first()
    if case is None or Visit.objects.filter(case=case).exists():
        return None
    return case


def _child(case: Case, first_name: str) -> Person:
    return Person.objects.get(episodes__case=case, first_name=first_name)


def _when(days_ago: int, hour: int = 15) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def seen(child: Person, alone: str = "yes") -> dict[str, Any]:
    return {"child": child, "seen": True, "seen_alone": alone}


def not_seen(child: Person, reason: str = "") -> dict[str, Any]:
    return {"child": child, "seen": False, "not_seen_reason": reason}


def _visit(
    by: User, case: Case, days_ago: int, children: list[dict[str, Any]], *, finish: bool = True, **data
) -> Visit:
    data = {"occurred_at": _when(days_ago), "kind": "home_visit", **data}
    visit = visits.visit_create(by=by, case=case, data=data, children=children)
    return visits.visit_finish(by=by, visit=visit) if finish else visit


def _note(by: User, case: Case, days_ago: int, kind: str, narrative: str, *, significant: bool = False) -> None:
    data = {"occurred_at": _when(days_ago, 11), "kind": kind, "narrative": narrative, "significant": significant}
    visits.note_finish(by=by, note=visits.note_create(by=by, case=case, data=data))


# --- Files: a child's drawing and a small PDF, made here so the demo needs no fixtures ------------


def drawing_png() -> bytes:
    """A child's drawing: a house, a sun and two people in green grass (Pillow when available)."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:  # pragma: no cover - Pillow is installed with the project
        return _plain_png(64, 48, (255, 236, 160))
    image = Image.new("RGB", (320, 240), (235, 245, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 180, 320, 240), fill=(120, 200, 110))
    draw.ellipse((250, 20, 300, 70), fill=(255, 210, 60))
    draw.rectangle((40, 100, 140, 180), fill=(230, 120, 90), outline=(90, 50, 40), width=3)
    draw.polygon([(30, 100), (90, 50), (150, 100)], fill=(150, 70, 60))
    draw.rectangle((80, 140, 100, 180), fill=(110, 70, 40))
    for x, colour in ((200, (40, 90, 200)), (240, (220, 60, 140))):
        draw.ellipse((x - 10, 110, x + 10, 130), outline=(0, 0, 0), width=2)
        draw.line((x, 130, x, 160), fill=colour, width=4)
        draw.line((x - 15, 140, x + 15, 140), fill=colour, width=3)
        draw.line((x, 160, x - 10, 180), fill=(0, 0, 0), width=3)
        draw.line((x, 160, x + 10, 180), fill=(0, 0, 0), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _plain_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def simple_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text (a valid file with its cross-reference table)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _upload(name: str, content: bytes, content_type: str, allowed: tuple[str, ...]):
    return check_upload(SimpleUploadedFile(name, content, content_type=content_type), allowed=allowed)


# --- The children's own story, documents and the worker's summary -------------------------------


def _summary(by: User, child: Person, versions: list[str]) -> None:
    if ChildSummary.objects.filter(child=child).exists():
        return
    for text in versions:
        current = ChildSummary.objects.filter(child=child).values_list("version", flat=True).first()
        visits.summary_update(by=by, child=child, text=text, expected_version=current)


def _story(by: User, child: Person) -> None:
    if StoryEntry.objects.filter(child=child).exists():
        return
    today = timezone.localdate()
    visits.story_add(
        by=by,
        child=child,
        kind="drawing",
        title="Me and Ada at the park",
        attributed_to=child.first_name,
        occurred_on=today - datetime.timedelta(days=60),
        upload=_upload("park.png", drawing_png(), "image/png", (IMAGE,)),
    )
    visits.story_add(
        by=by,
        child=child,
        kind="words",
        title="My week",
        attributed_to=f"{child.first_name}, typed with {by.display_name}",
        occurred_on=today - datetime.timedelta(days=30),
        text=(
            "Monday I write the shopping list. Tuesday is football if Mum is OK. Wednesday I help Ada "
            "with her reading. I want a day where I don't have to remember everything."
        ),
    )


def _documents(by: User, child: Person) -> None:
    if Document.objects.filter(person=child).exists():
        return
    document = visits.document_upload(
        by=by,
        person=child,
        title="School attendance report",
        category="education",
        upload=_upload("attendance-autumn.pdf", simple_pdf("Attendance: 82 per cent"), "application/pdf", (PDF,)),
        note="From Cedar Road Academy",
    )
    visits.document_replace(
        by=by,
        document=document,
        upload=_upload("attendance-spring.pdf", simple_pdf("Attendance: 91 per cent"), "application/pdf", (PDF,)),
        expected_version=document.version,
        note="Updated after half term: attendance improving",
    )


# --- Scenarios ---------------------------------------------------------------------------------


def okoro(context: DemoContext) -> None:
    case = _open_case("Okoro family")
    if case is None:
        return
    worker = context.users["worker"]
    tobi, ada = _child(case, "Tobi"), _child(case, "Ada")
    _visit(
        worker,
        case,
        120,
        [seen(tobi), seen(ada, "no")],
        statutory=True,
        narrative="Mum in bed when I arrived; Tobi let me in and made Ada a snack. Food in the cupboards.",
        childs_words="Tobi: I make Ada's breakfast when Mum is tired. I'd like to go back to football.",
    )
    _note(worker, case, 90, "phone_call", "Spoke to Mr Hughes: Tobi's attendance is 82% and he is often late.")
    _visit(
        worker,
        case,
        60,
        [seen(tobi), not_seen(ada, "other")],
        kind="school",
        significant=True,
        narrative="Saw Tobi alone at school. He fell asleep in maths this week.",
        childs_words="Tobi: I'm tired at school because I stay up to check Mum has taken her tablets.",
    )
    _note(
        worker,
        case,
        55,
        "management",
        "Discussed with Priya Shah: young carer's assessment and adult social care referral for Mum agreed.",
        significant=True,
    )
    _visit(
        worker,
        case,
        30,
        [seen(tobi, "no"), seen(ada)],
        statutory=True,
        narrative="Mum up and dressed; carers now come each morning. Tobi stayed with Mum while I saw Ada.",
        childs_words="Ada: Mummy is better now. Tobi: Football on Saturdays is the best bit of my week.",
    )
    _visit(worker, case, 3, [not_seen(tobi)], kind="phone", narrative="Phoned Mum to arrange the next visit.")
    _summary(
        worker,
        tobi,
        [
            "Tobi (12) cares for his mum, who has MS, and his sister Ada. He is tired and missing school.",
            "Tobi (12) is a young carer. Mum now has a morning care package and Tobi is back at football. "
            "Attendance is improving (91%). Next: the young carers' group and a review with school.",
        ],
    )
    _story(worker, tobi)
    _documents(worker, tobi)
    context.notes.append("  Okoro: visits, notes, a summary, Tobi's story and documents ('worker').")


def harris_kowalski(context: DemoContext) -> None:
    case = _open_case("Harris-Kowalski family")
    if case is None:
        return
    worker = context.users["worker"]
    ava, sam = _child(case, "Ava"), _child(case, "Sam")
    _visit(
        worker,
        case,
        20,
        [seen(ava), seen(sam, "not_applicable")],
        statutory=True,
        narrative="Calm at home. Sam played with his trains; Ava showed me her mentor's certificate.",
        childs_words="Ava: It's calmer at home now. I want to keep seeing Miss Lee at school.",
    )
    _visit(
        worker,
        case,
        1,
        [seen(sam, "not_applicable")],
        finish=False,
        narrative="Sam at home with Mum. (Notes to finish.)",
    )
    _summary(
        worker,
        sam,
        ["Sam (3) was present at a domestic incident. Home is calmer; Mum is working with the IDVA."],
    )
    context.notes.append("  Harris-Kowalski: a visit with Ava seen alone; yesterday's visit still a draft.")


def walsh(context: DemoContext) -> None:
    case = _open_case("Walsh family")
    if case is None:
        return
    colleague = context.users["colleague"]
    mia = _child(case, "Mia")
    _visit(
        colleague,
        case,
        35,
        [seen(mia)],
        statutory=True,
        narrative="Mia's grandparents worried about her mum's unplanned visits.",
        childs_words="Mia: I like it when Mum comes but not when she shouts at Nana.",
    )
    for days in (21, 14, 7):
        _visit(colleague, case, days, [not_seen(mia)], statutory=True, outcome="no_access", narrative="No answer.")
    context.notes.append("  Walsh: Mia seen alone, then three home visits in a row with no access ('colleague').")


@register(60, "casework.visits")
def visits_step(context: DemoContext) -> None:
    for scenario in (okoro, harris_kowalski, walsh):
        scenario(context)
