"""Checking uploaded files by their content, never their name (design principle 13).

Only an allowed list of image, audio, video, PDF and office-document types is accepted; SVG,
HTML, scripts and executables are refused whatever they are called; a size limit applies.
Files are stored outside the web root (or in object storage) and served only through
permission-checked views with safe headers (`safe_file_response`).
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

IMAGE, AUDIO, VIDEO, PDF, OFFICE, TEXT = "image", "audio", "video", "pdf", "office", "text"


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    family: str
    extension: str


def _zip_office_type(head: bytes, stream) -> Sniffed | None:
    """A .docx/.xlsx/.pptx is a zip with [Content_Types].xml and its own folder."""
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        stream.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    folders = {name.split("/", 1)[0] for name in names}
    if "word" in folders:
        return Sniffed("application/vnd.openxmlformats-officedocument.wordprocessingml.document", OFFICE, "docx")
    if "xl" in folders:
        return Sniffed("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", OFFICE, "xlsx")
    if "ppt" in folders:
        return Sniffed("application/vnd.openxmlformats-officedocument.presentationml.presentation", OFFICE, "pptx")
    return None


def sniff(head: bytes, stream=None) -> Sniffed | None:
    """What a file is, from its first bytes; None when it is not an allowed type."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", IMAGE, "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", IMAGE, "png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image/gif", IMAGE, "gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image/webp", IMAGE, "webp")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Sniffed("audio/wav", AUDIO, "wav")
    if head.startswith(b"%PDF-"):
        return Sniffed("application/pdf", PDF, "pdf")
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return Sniffed("audio/mpeg", AUDIO, "mp3")
    if head.startswith(b"OggS"):
        return Sniffed("audio/ogg", AUDIO, "ogg")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Sniffed("video/webm", VIDEO, "webm")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return Sniffed("audio/mp4", AUDIO, "m4a")
        if brand in (b"heic", b"heix", b"mif1"):
            return Sniffed("image/heic", IMAGE, "heic")
        if brand == b"qt  ":
            return Sniffed("video/quicktime", VIDEO, "mov")
        return Sniffed("video/mp4", VIDEO, "mp4")
    if head.startswith(b"PK\x03\x04") and stream is not None:
        return _zip_office_type(head, stream)
    return None


REFUSED_HINTS = (
    (b"<svg", "SVG drawings are not accepted (they can carry scripts): save the drawing as PNG or JPEG"),
    (b"<!doctype html", "Web pages are not accepted"),
    (b"<html", "Web pages are not accepted"),
    (b"<script", "Files containing scripts are not accepted"),
    (b"MZ", "Programs are not accepted"),
    (b"\x7fELF", "Programs are not accepted"),
    (b"#!", "Scripts are not accepted"),
)

DESCRIPTIONS = {
    IMAGE: "a photo or picture (JPEG, PNG, GIF, WebP, HEIC)",
    AUDIO: "an audio recording (MP3, M4A, WAV, OGG)",
    VIDEO: "a video (MP4, MOV, WebM)",
    PDF: "a PDF",
    OFFICE: "a Word, Excel or PowerPoint document",
}


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    name: str
    content_type: str
    family: str
    size: int
    sha256: str


def check_upload(upload: UploadedFile | None, *, allowed: tuple[str, ...], field: str = "file") -> CheckedUpload:
    """Refuse, with a clear message naming `field`, anything that is not an allowed type by its
    content, or is empty, or is over UPLOAD_MAX_MB."""
    if upload is None:
        raise ValidationError({field: ["Choose a file"]})
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if upload.size == 0:
        raise ValidationError({field: ["The selected file is empty"]})
    if upload.size > limit:
        raise ValidationError({field: [f"The selected file must be smaller than {settings.UPLOAD_MAX_MB} MB"]})
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    found = sniff(head, upload.file if hasattr(upload, "file") else upload)
    if found is None or found.family not in allowed:
        lowered = head.lstrip().lower()
        reason = next((message for prefix, message in REFUSED_HINTS if lowered.startswith(prefix.lower())), None)
        wanted = ", ".join(DESCRIPTIONS[a] for a in allowed)
        raise ValidationError(
            {field: [(reason + ". " if reason else "This type of file is not accepted. ") + f"Upload {wanted}."]}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (upload.name or f"file.{found.extension}").replace("/", "_").replace("\\", "_")[-150:]
    return CheckedUpload(upload, name, found.content_type, found.family, upload.size, digest.hexdigest())


def safe_file_response(file, *, filename: str, content_type: str, inline: bool = False) -> FileResponse:
    """Serve a stored file with safe headers: the sniffed type, no sniffing by the browser, no
    caching, a sandboxing policy, and (by default) as a download."""
    response = FileResponse(file, content_type=content_type, as_attachment=not inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
