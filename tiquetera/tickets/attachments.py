"""Files on a case: checked by their content, named safely, stored under a generated name.

What a client sends is never trusted: the type is read from the bytes (`filetype` for the binary
formats, our own checks for ZIP-based Office files and text), never from the name or from the
content type the browser or mail client claimed. Accepted: PNG, JPEG, GIF, WEBP, PDF, Word and
Excel (.docx/.xlsx without macros), plain text, CSV and logs (UTF-8, or Latin-1/Windows-1252
without control bytes) and XML. Refused: programs (Windows, Linux and macOS executables, `#!`
scripts), HTML, SVG, XML that carries a web page or SVG inside (a script in the XHTML
namespace, a nested `<svg>`, a stylesheet that turns it into a page), other archives and any
binary we do not know.

The name is made safe (basename only, no control characters, at most 150 characters keeping the
extension) and its extension is made to agree with the content: a PNG called `foto.exe` is kept
as `foto.exe.png`, a text file called `run.bat` as `run.bat.txt`, so a download never opens in
the wrong program. The storage never sees the name: files live under `models.attachment_path`.
"""

import hashlib
import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias

import filetype
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from tiquetera.audit.services import record

from .errors import MESSAGES, TicketsError
from .models import Article, Attachment, Case
from .permissions import can_view_case

Upload: TypeAlias = "UploadedFile[bytes] | tuple[str, bytes]"

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # when settings.ATTACHMENT_MAX_BYTES is not set
MAX_NAME_CHARS = 150  # Attachment.name's max_length
MAX_EXTENSION_CHARS = 10  # a longer "extension" is part of the name ("informe.final-de-marzo")
FALLBACK_NAME = "adjunto"

PNG, JPEG, GIF, WEBP, PDF = "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XML = "application/xml"
TEXT, CSV = "text/plain", "text/csv"

# What `filetype` recognises that we accept, as the content type we store.
BINARY_TYPES = {
    "image/png": PNG,
    "image/apng": PNG,
    "image/jpeg": JPEG,
    "image/gif": GIF,
    "image/webp": WEBP,
    "application/pdf": PDF,
}
# The extensions a file of each type may keep; the first is added when the name has none of them.
EXTENSIONS = {
    PNG: ("png",),
    JPEG: ("jpg", "jpeg", "jpe", "jfif"),
    GIF: ("gif",),
    WEBP: ("webp",),
    PDF: ("pdf",),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
    XML: ("xml",),
    CSV: ("csv",),
    TEXT: ("txt", "text", "log", "csv", "tsv", "json", "md", "ini", "cfg", "conf", "sql", "out"),
}
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O 32/64 bit, both byte orders, and fat binaries
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",  # a script for an interpreter
)
# Bytes that never occur in text: C0 controls except tab, LF, FF, CR and ESC (colour codes in
# logs), and DEL. 0x80–0x9F stay allowed: Windows-1252 puts € and quotes there.
CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B})) + b"\x7f"
# How browsers recognise HTML (WHATWG MIME sniffing), each followed by a space or ">".
HTML_STARTS = (
    "<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font", "<table",
    "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<!--",
)  # fmt: skip
MARKUP_ROOT = re.compile(r"<(?![?!])\s*(?:[\w.-]+:)?([\w.-]+)")
# Markup inside an XML document that makes it a page with scripts when a browser renders it.
SCRIPTABLE_NAMESPACES = (
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xsl/transform",
    "http://www.w3.org/1998/math/mathml",
)
SCRIPTABLE_MARKUP = re.compile(
    r"<\s*(?:[\w.-]+:)?(?:script|svg|iframe|object|embed|html)[\s/>]|<\?xml-stylesheet|<!entity"
)
UNSAFE_NAME_CHARS = re.compile(r'[<>:"|?*]')

_filesize = lazy(filesizeformat, str)  # rendered in the language active when the error is read


class AttachmentError(TicketsError):
    """A file refused, or an attachment the actor may not add: `code` says why."""

    messages = {
        **MESSAGES,
        "attachment_too_large": _(
            "The file “%(name)s” is %(size)s; attachments may be at most %(limit)s."
        ),
        "attachment_empty": _("The file “%(name)s” is empty."),
        "attachment_executable": _(
            "The file “%(name)s” is a program; programs cannot be attached."
        ),
        "attachment_type_refused": _(
            "The file “%(name)s” is not a type we accept (%(type)s). You can attach images "
            "(PNG, JPEG, GIF, WEBP), PDF, Word and Excel documents, and text, CSV or XML files."
        ),
        "article_of_another_case": _("That article belongs to another case."),
        "not_allowed": _("You may not write on this case."),
    }


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: what `store_checked` writes."""

    name: str
    content: bytes
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(upload: Upload) -> CheckedFile:
    """Read `upload` (a Django UploadedFile, or a (name, bytes) pair from a channel) and check it.

    AttachmentError "attachment_too_large", "attachment_empty", "attachment_executable" or
    "attachment_type_refused", naming the file; nothing is written in any case.
    """
    raw_name, content = _read(upload)
    name = safe_name(raw_name)
    if not content:
        raise AttachmentError("attachment_empty", name=name)
    content_type = content_type_of(content, name)
    return CheckedFile(
        name=_with_extension(name, content_type),
        content=content,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def store_attachment(
    case: Case,
    upload: Upload,
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    article: Article | None = None,
) -> Attachment:
    """Check `upload` (see `check_upload`) and keep it on `case`, optionally on one of its articles.

    The bytes go to the default storage under a generated name, the row holds the safe name,
    the content type read from the bytes, size and SHA-256. Writes one audit event
    "case.attachment_added". A refused file leaves nothing behind: no file, no row, no event.
    """
    _check_may_attach(case, actor=actor, article=article)
    checked = check_upload(upload)
    with transaction.atomic():
        return store_checked(case, checked, actor=actor, article=article)


def store_checked(
    case: Case,
    checked: CheckedFile,
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    article: Article | None = None,
) -> Attachment:
    """Write an already checked file and its audit event; call inside `transaction.atomic()`.

    If the row cannot be written the stored file is removed again. (A caller whose transaction
    rolls back later should remove `attachment.file` itself, as `articles.add_reply` does.)
    """
    _check_may_attach(case, actor=actor, article=article)
    user = actor if isinstance(actor, User) else None
    attachment = Attachment(
        case=case,
        article=article,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    attachment.file.save(checked.name, ContentFile(checked.content), save=False)
    try:
        attachment.save()
        record(
            actor=actor,
            verb="case.attachment_added",
            target=case,
            after={
                "attachment": attachment.pk,
                "article": article.pk if article is not None else None,
                "name": attachment.name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
            },
        )
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


def discard_files(attachments: Iterable[Attachment]) -> None:
    """Remove the stored files of attachments whose rows were rolled back."""
    for attachment in attachments:
        attachment.file.delete(save=False)


def safe_name(name: str) -> str:
    """The last part of `name` (either slash), without control or format characters (NUL,
    bidi overrides) or characters Windows refuses, no leading dots, at most `MAX_NAME_CHARS`
    keeping the extension; "adjunto" when nothing is left."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(char for char in name if unicodedata.category(char) not in ("Cc", "Cf"))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = UNSAFE_NAME_CHARS.sub("_", name)
    name = " ".join(name.split()).lstrip(".").rstrip(". ")
    if not name:
        return FALLBACK_NAME
    stem, extension = _split_extension(name)
    return _fit(stem, extension)


def content_type_of(content: bytes, name: str) -> str:
    """The content type of `content`, read from the bytes; `name` only tells CSV from other
    text. AttachmentError when the content is not a type we accept."""
    if content.startswith(EXECUTABLE_MAGIC):
        raise AttachmentError("attachment_executable", name=name)
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content, name)
    guess = filetype.guess(content)
    if guess is not None:
        if guess.mime in BINARY_TYPES:
            return BINARY_TYPES[guess.mime]
        raise AttachmentError("attachment_type_refused", name=name, type=guess.mime)
    charset = _text_charset(content)
    if charset is None:
        raise AttachmentError("attachment_type_refused", name=name, type=_("unknown binary data"))
    text = content.decode(charset)
    markup = _markup_kind(text)
    if markup is not None:
        raise AttachmentError("attachment_type_refused", name=name, type=markup)
    if _is_scriptable_xml(text):
        raise AttachmentError(
            "attachment_type_refused", name=name, type=_("XML with web page or SVG content")
        )
    if text.lstrip("\ufeff \t\r\n").startswith("<?xml"):
        return XML
    subtype = CSV if _split_extension(name)[1].lower() in ("csv", "tsv") else TEXT
    return f"{subtype}; charset={charset}"


def _check_may_attach(
    case: Case, *, actor: AbstractBaseUser | AnonymousUser | None, article: Article | None
) -> None:
    if article is not None and article.case_id != case.pk:
        raise AttachmentError("article_of_another_case")
    # None is the system (a channel adapter); a signed-in person must be able to see the case
    if actor is not None and not can_view_case(actor, case):
        raise AttachmentError("not_allowed")


def _read(upload: Upload) -> tuple[str, bytes]:
    limit = max_bytes()
    if isinstance(upload, tuple):
        raw_name, content = upload
        if len(content) > limit:
            _too_large(raw_name, len(content), limit)
        return raw_name, bytes(content)
    raw_name = upload.name or ""
    if upload.size is not None and upload.size > limit:
        _too_large(raw_name, upload.size, limit)
    buffer = io.BytesIO()
    for chunk in upload.chunks():  # stops reading as soon as the limit is passed
        buffer.write(chunk)
        if buffer.tell() > limit:
            _too_large(raw_name, buffer.tell(), limit)
    return raw_name, buffer.getvalue()


def _too_large(raw_name: str, size: int, limit: int) -> None:
    raise AttachmentError(
        "attachment_too_large",
        name=safe_name(raw_name),
        size=_filesize(size),
        limit=_filesize(limit),
    )


def _office_type(content: bytes, name: str) -> str:
    """.docx or .xlsx, by the parts inside the ZIP; other archives and macros are refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise AttachmentError("attachment_type_refused", name=name, type="ZIP") from None
    if "[Content_Types].xml" in parts:
        if any(part.lower().endswith("vbaproject.bin") for part in parts):
            raise AttachmentError(
                "attachment_type_refused", name=name, type=_("Office document with macros")
            )
        if "word/document.xml" in parts:
            return DOCX
        if "xl/workbook.xml" in parts:
            return XLSX
    raise AttachmentError("attachment_type_refused", name=name, type="ZIP")


def _text_charset(content: bytes) -> str | None:
    """ "utf-8" or "iso-8859-1" when `content` is text, None when it has bytes text never has."""
    if len(content.translate(None, CONTROL_BYTES)) != len(content):
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return "iso-8859-1"  # any byte is a Latin-1 character: text in an older encoding
    return "utf-8"


def _markup_kind(text: str) -> str | None:
    """ "HTML" or "SVG" when a browser could render `text` as a page or an image with scripts."""
    head = text[:4096].lstrip("\ufeff \t\r\n\x0c").lower()
    for start in HTML_STARTS:
        if head.startswith(start) and head[len(start) : len(start) + 1] in (" ", ">", "\t", "\n"):
            return "HTML"
    if not head.startswith("<"):
        return None
    doctype = re.search(r"<!doctype\s+([\w.-]+)", head)
    root = MARKUP_ROOT.search(re.sub(r"<!--.*?-->|<!doctype[^>]*>|<\?.*?\?>", "", head, flags=re.S))
    for found in (doctype, root):
        if found is not None and found.group(1) in ("svg", "html"):
            return found.group(1).upper()
    return None


def _is_scriptable_xml(text: str) -> bool:
    """True for markup a browser could run scripts from, wherever it sits in the document:
    XHTML, SVG, XSLT or MathML (by namespace, even written with character references), a
    script, svg, iframe, object or embed element, a stylesheet instruction, or an entity
    declaration (which could spell a namespace out of sight)."""
    if not text.lstrip("\ufeff \t\r\n\x0c").startswith("<"):
        return False  # not markup: served as plain text
    lowered = text.lower()
    unescaped = html.unescape(lowered).lower()
    if any(ns in lowered or ns in unescaped for ns in SCRIPTABLE_NAMESPACES):
        return True
    return SCRIPTABLE_MARKUP.search(lowered) is not None


def _split_extension(name: str) -> tuple[str, str]:
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not extension or len(extension) > MAX_EXTENSION_CHARS:
        return name, ""
    return stem, extension


def _fit(stem: str, extension: str) -> str:
    suffix = f".{extension}" if extension else ""
    return stem[: MAX_NAME_CHARS - len(suffix)].rstrip(". ") + suffix


def _with_extension(name: str, content_type: str) -> str:
    """`name` with an extension that agrees with its content, added when it has another one."""
    allowed = EXTENSIONS[content_type.split(";")[0]]
    if _split_extension(name)[1].lower() in allowed:
        return name
    return _fit(name, allowed[0])
