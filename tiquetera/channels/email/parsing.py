"""An inbound email's bytes read into what the channel needs (`ParsedEmail`), with no database:
sender, subject, body, threading headers, attachments (inline images too), whether a robot sent
it (auto-replies, bounces), and the client's new text of a reply without the quoted history.

MIME is read by `imap_tools.MailMessage`, which tolerates broken messages (bad charsets, missing
boundaries, broken base64) and keeps what it can; only a message with no sender address is
unreadable (`UnreadableEmail`), since nobody could be told about it.
"""

import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass, field
from email.header import decode_header, make_header

from imap_tools import MailMessage

from tiquetera.notifications.threads import message_ids, message_key
from tiquetera.tickets.articles import html_to_text, sanitize_html


class UnreadableEmail(Exception):
    """The message cannot be taken in at all; `str(error)` says why (for the admin)."""


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str  # the key: "<…>", or "sha256:…" of the bytes when the header is missing
    sender: str
    sender_name: str
    subject: str
    text: str  # the body as plain text (an HTML-only email's text is read from its HTML)
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    automatic: str = ""  # "auto_reply" or "bounce" when a robot sent it
    sent_at: dt.datetime | None = None  # the Date header, when it is a readable aware moment
    # the Authentication-Results header values, topmost first (authentication.py reads them)
    authentication_results: list[str] = field(default_factory=list)
    arc_authentication_results: list[str] = field(default_factory=list)

    @property
    def is_forward(self) -> bool:
        return is_forward(self.subject)


def parse(raw: bytes) -> ParsedEmail:
    """Read an RFC 822 message. UnreadableEmail when it has no sender address."""
    try:
        message = MailMessage.from_bytes(raw)
        sender = message.from_values
        parsed = ParsedEmail(
            message_id=key_of(raw, message),
            sender=sender.email.strip() if sender else "",
            sender_name=sender.name.strip() if sender else "",
            subject=_one_line(message.subject),
            text=_text(message),
            in_reply_to=message_ids(_header(message, "in-reply-to")),
            references=message_ids(_header(message, "references")),
            attachments=_attachments(message),
            automatic=automatic_kind(message),
            sent_at=_sent_at(_header(message, "date")),
            authentication_results=[
                str(value) for value in message.headers.get("authentication-results", ())
            ],
            arc_authentication_results=[
                str(value) for value in message.headers.get("arc-authentication-results", ())
            ],
        )
    except Exception as error:  # a parser's surprise on a broken message: kept, with the reason
        raise UnreadableEmail(f"{type(error).__name__}: {error}") from error
    if "@" not in parsed.sender:
        raise UnreadableEmail("The message has no sender address (From).")
    return parsed


def _sent_at(value: str) -> dt.datetime | None:
    try:
        moment = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def peek(raw: bytes) -> tuple[str, str, str]:
    """(key, sender, subject) of `raw` for the stored row; never raises."""
    try:
        message = MailMessage.from_bytes(raw)
        return key_of(raw, message), message.from_[:254], _one_line(message.subject)[:255]
    except Exception:  # the bytes are kept anyway; processing will record why they are unreadable
        return _digest(raw), "", ""


def key_of(raw: bytes, message: MailMessage) -> str:
    """The message's Message-ID, or a digest of its bytes when it has none."""
    given = _header(message, "message-id").strip()
    return message_key(given) if given.strip("<> ") else _digest(raw)


# --- robots -------------------------------------------------------------------------------------
ROBOT_SENDERS = {"mailer-daemon", "postmaster"}
AUTO_PRECEDENCE = {"bulk", "auto_reply", "junk"}


def automatic_kind(message: MailMessage) -> str:
    """ "bounce" for a delivery report or a mailer daemon, "auto_reply" for an automatic answer
    (RFC 3834 Auto-Submitted, X-Autoreply, Precedence: bulk/auto_reply/junk, a null
    Return-Path), else ""."""
    headers = message.headers
    if message.obj.get_content_type() == "multipart/report":
        report = str(message.obj.get_param("report-type") or "").lower()
        return "bounce" if report == "delivery-status" else "auto_reply"
    if message.from_.split("@")[0].lower() in ROBOT_SENDERS:
        return "bounce"
    if _header(message, "auto-submitted").strip().lower() not in ("", "no"):
        return "auto_reply"
    if "x-autoreply" in headers or "x-autorespond" in headers:
        return "auto_reply"
    if _header(message, "precedence").strip().lower() in AUTO_PRECEDENCE:
        return "auto_reply"
    if _header(message, "return-path").strip() == "<>":
        return "auto_reply"
    return ""


def is_robot_address(address: str) -> bool:
    """An address nobody reads: we never send a notice to it."""
    local = address.split("@")[0].lower()
    return local in ROBOT_SENDERS or local.replace("-", "").replace("_", "") in {
        "noreply",
        "donotreply",
        "bounce",
        "bounces",
    }


# --- subjects -----------------------------------------------------------------------------------
REPLY_PREFIXES = {"re", "rta", "aw", "sv", "antw"}
FORWARD_PREFIXES = {"fw", "fwd", "rv", "tr", "wg", "enc", "reenviar", "reenviado"}
PREFIX = re.compile(r"^\s*([a-zA-Z]{2,9})\s*(\[\d+\]|\(\d+\))?\s*:\s*")
CASE_NUMBER = re.compile(r"\b[A-Za-z0-9]{1,8}-\d{4}-\d{6,}\b")


def subject_prefixes(subject: str) -> tuple[list[str], str]:
    """The reply and forward prefixes ("RE:", "RV:", "Fwd:" …) in order, and what follows."""
    prefixes: list[str] = []
    while (found := PREFIX.match(subject)) and found.group(1).lower() in (
        REPLY_PREFIXES | FORWARD_PREFIXES
    ):
        prefixes.append(found.group(1).lower())
        subject = subject[found.end() :]
    return prefixes, subject.strip()


def is_forward(subject: str) -> bool:
    """A forward ("RV:", "Fwd:" first) is a new case, even when it names an old one."""
    prefixes, _rest = subject_prefixes(subject)
    return bool(prefixes) and prefixes[0] in FORWARD_PREFIXES


def base_subject(subject: str) -> str:
    """The subject without reply and forward prefixes, in one casefolded line."""
    return " ".join(subject_prefixes(subject)[1].split()).casefold()


def case_numbers(subject: str) -> list[str]:
    """Case numbers named in the subject ("[ISYS-2026-000123]"), in order."""
    return list(dict.fromkeys(number.upper() for number in CASE_NUMBER.findall(subject)))


# --- quoted history -----------------------------------------------------------------------------
ORIGINAL_MESSAGE = re.compile(
    r"^-{2,}\s*(original message|mensaje original|forwarded message|mensaje reenviado)\s*-{2,}$",
    re.IGNORECASE,
)
# "On Mon, Mar 3, 2026 at 10:00 AM Ana <a@x.co> wrote:", "El lun, 3 mar 2026 a las 10:00,
# Soporte <s@x.co> escribió:", Apple Mail's "El 3 mar 2026, a las 10:00, X escribió:" — a date
# (a digit) between the first word and the verb; the header may be wrapped over three lines.
ATTRIBUTION = re.compile(
    r"^(on|el)\b.{0,300}\d.{0,300}\b(wrote|escribió|escribio)\s*:$", re.IGNORECASE
)
# Outlook: "From: …" / "De: …" followed within a few lines by "Sent:" / "Enviado:" (or a date).
HEADER_FROM = re.compile(r"^\*?(from|de)\s*:\*?\s*\S", re.IGNORECASE)
HEADER_SENT = re.compile(r"^\*?(sent|enviado|date|fecha)\s*:", re.IGNORECASE)
SEPARATOR = re.compile(r"^[-_=]{5,}$")


def strip_quoted(text: str) -> str:
    """The client's new text of a reply: cut at the first quote header (English or Spanish
    attribution line, "-----Original Message-----", an Outlook "From:/Sent:" block), without
    the trailing "> …" quote or separator lines. The whole text when nothing new is left."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cut = len(lines)
    for index, line in enumerate(lines):
        if _starts_quote(lines, index, line.strip()):
            cut = index
            break
    kept = lines[:cut]
    while kept and (not kept[-1].strip() or kept[-1].lstrip().startswith(">")):
        kept.pop()
    while kept and SEPARATOR.match(kept[-1].strip()):
        kept.pop()
        while kept and not kept[-1].strip():
            kept.pop()
    new = "\n".join(kept).strip()
    return new or text.strip()


def _starts_quote(lines: list[str], index: int, line: str) -> bool:
    if not line:
        return False
    if ORIGINAL_MESSAGE.match(line):
        return True
    if HEADER_FROM.match(line):
        following = [candidate.strip() for candidate in lines[index + 1 : index + 6]]
        return any(HEADER_SENT.match(candidate) for candidate in following)
    if re.match(r"^(on|el)\b", line, re.IGNORECASE):
        joined = line
        for extra in lines[index + 1 : index + 3]:
            if ATTRIBUTION.match(joined):
                return True
            joined = f"{joined} {extra.strip()}"
        return bool(ATTRIBUTION.match(joined))
    return False


# --- helpers ------------------------------------------------------------------------------------
def _header(message: MailMessage, name: str) -> str:
    values = message.headers.get(name) or ("",)
    try:
        return str(make_header(decode_header(str(values[0]))))
    except Exception:  # an undecodable encoded-word: the header as it came
        return str(values[0])


def _text(message: MailMessage) -> str:
    if message.text.strip():
        return message.text.replace("\r\n", "\n").strip()
    if message.html.strip():
        return html_to_text(sanitize_html(message.html))
    return ""


def _attachments(message: MailMessage) -> list[tuple[str, bytes]]:
    """Attached files and inline images (parts with a name or a Content-ID), not body parts."""
    files = []
    for attachment in message.attachments:
        if attachment.content_type in ("text/plain", "text/html") and not attachment.filename:
            continue
        content = attachment.payload
        if not content:
            continue
        name = attachment.filename or _unnamed(attachment.content_type, attachment.content_id)
        files.append((name, content))
    return files


def _unnamed(content_type: str, content_id: str) -> str:
    if content_type == "message/rfc822":
        return "mensaje.eml"
    stem = re.sub(r"[^\w.-]", "_", content_id.split("@")[0]) or "adjunto"
    return f"{stem}.{content_type.rsplit('/', 1)[-1]}"


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def _digest(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()
