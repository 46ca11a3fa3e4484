"""What is written on a case: public replies, internal notes and system events.

Bodies from outside (an email's HTML part, the portal's editor, an agent's textarea) are kept
twice: `body_html`, sanitised with nh3, and `body_text`, the plain text for emails, search and
the audit trail. A body with no HTML tag in it is plain text: its HTML is the escaped text in
paragraphs. The sanitiser keeps only a small safe set of tags (`ALLOWED_TAGS`): links only to
http(s) and mailto (with rel="noopener noreferrer"), images only inline (`data:image/…` raster
types or `cid:` parts of the same email), no attributes else, no styles; scripts, styles and
their content are removed.

NUL characters are stripped (some mail clients send them and databases refuse them); a body
longer than `MAX_BODY_CHARS` after sanitising, or a raw input longer than `MAX_INPUT_CHARS`, is
refused with ArticleError "body_too_long".
"""

import datetime as dt
import re
from collections.abc import Iterable
from html.parser import HTMLParser

import nh3
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from tiquetera.audit.services import backdated, record
from tiquetera.core.permissions import is_agent
from tiquetera.directory.models import Contact
from tiquetera.sla.services import agent_replied

from .attachments import CheckedFile, Upload, check_upload, discard_files, store_checked
from .errors import MESSAGES, TicketsError
from .models import Article, Attachment, Case, Channel
from .notify import notify_requester
from .permissions import can_view_case, client_contact
from .signals import agent_reply_written

Actor = AbstractBaseUser | AnonymousUser | None

MAX_BODY_CHARS = 100_000  # what is kept: the sanitised HTML, or the plain text
MAX_INPUT_CHARS = 2_000_000  # what we agree to sanitise (an email's HTML is mostly styles)

ALLOWED_TAGS = {
    "p", "br", "div", "span", "hr", "b", "i", "u", "strong", "em",
    "ul", "ol", "li", "a", "blockquote", "pre", "code", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
REMOVED_WITH_CONTENT = {"script", "style", "title", "head", "template", "noscript", "object"}
URL_SCHEMES = {"http", "https", "mailto", "data", "cid"}  # narrowed per tag by _keep_attribute
LINK_PREFIXES = ("http://", "https://", "mailto:")
INLINE_IMAGE = re.compile(r"^(data:image/(png|jpeg|gif|webp);base64,|cid:)", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?/?>|<!--")
BLOCK_TAGS = {"p", "div", "blockquote", "pre", "ul", "ol", "hr", "table", "tr", "h1", "h2", "h3"}


class ArticleError(TicketsError):
    """A reply, note or event refused: `code` says why."""

    messages = {
        **MESSAGES,
        "body_too_long": _(
            "The text is too long: %(length)s characters, and at most %(limit)s are accepted."
        ),
        "empty_article": _("Write some text or attach a file."),
        "empty_event": _("A system event needs a text."),
        "no_author": _("A reply needs an author: an agent or a contact of the client."),
        "not_allowed": _("You may not write on this case."),
        "notes_for_agents": _("Only agents can write internal notes."),
        "unknown_channel": _("“%(value)s” is not a channel."),
    }


def add_reply(
    case: Case,
    *,
    body: str,
    actor: Actor,
    contact: Contact | None = None,
    channel: str,
    attachments: Iterable[Upload] = (),
    at: dt.datetime | None = None,
) -> Article:
    """Write a public reply on `case`, with its attachments, and one audit event "case.replied".
    `at`: when it was written (default now), for a reply recorded after the fact — its audit
    events are dated then too.

    It is the client's reply when `contact` is given (an agent may log what a client said on the
    phone) or when `actor` is a client's user; the contact must belong to the case's
    organization. Otherwise `actor` must be an agent: an agent's reply sets the case's
    `first_response_at` when it is empty and queues the "case_replied" email to the requester.
    A client's reply never changes the status here (the SLA clocks decide that). Every
    attachment is checked before anything is written (see `attachments.check_upload`) and adds
    its own "case.attachment_added" event. ArticleError/AttachmentError, nothing written, else.
    """
    try:
        channel = Channel(channel)
    except ValueError:
        raise ArticleError("unknown_channel", value=channel) from None
    if actor is not None and not can_view_case(actor, case):
        raise ArticleError("not_allowed")
    author_contact = contact if contact is not None else client_contact(actor)
    by_agent = author_contact is None and is_agent(actor)
    if not by_agent:
        if author_contact is None:
            raise ArticleError("no_author" if actor is None else "not_allowed")
        if author_contact.organization_id != case.organization_id:
            raise ArticleError("not_allowed")
    body_html, body_text = render_body(body)
    checked = [check_upload(upload) for upload in attachments]
    if not body_text and not checked:
        raise ArticleError("empty_article")

    stored: list[Attachment] = []
    try:
        with transaction.atomic(), backdated(at):
            article = Article.objects.create(
                case=case,
                kind=Article.Kind.REPLY,
                author=_user(actor),
                author_contact=author_contact,
                channel=channel,
                body_html=body_html,
                body_text=body_text,
            )
            if at is not None:  # auto_now_add stamped now
                Article.objects.filter(pk=article.pk).update(created_at=at)
                article.created_at = at
            after: dict[str, object] = {"article": article.pk, "by": "client", "channel": channel}
            if by_agent:
                after["by"] = "agent"
                now = at or timezone.now()
                if Case.objects.filter(pk=case.pk, first_response_at__isnull=True).update(
                    first_response_at=now, updated_at=now
                ):
                    case.first_response_at = after["first_response_at"] = now
                agent_replied(case, at=now)  # SLA: first response met, next progress update
            record(actor=actor, verb="case.replied", target=case, after=after)
            _store_all(case, checked, actor=actor, article=article, stored=stored)
            if by_agent:
                notify_requester(case, "replied", {"article": article})
                agent_reply_written.send(sender=Article, article=article)  # e.g. by WhatsApp
    except BaseException:
        discard_files(stored)
        raise
    return article


def add_note(case: Case, *, body: str, actor: Actor, attachments: Iterable[Upload] = ()) -> Article:
    """Write an internal note on `case` (agents only; clients never see it nor its files) and
    one audit event "case.noted", plus one "case.attachment_added" per attachment."""
    if not is_agent(actor):
        raise ArticleError("notes_for_agents")
    body_html, body_text = render_body(body)
    checked = [check_upload(upload) for upload in attachments]
    if not body_text and not checked:
        raise ArticleError("empty_article")
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            article = Article.objects.create(
                case=case,
                kind=Article.Kind.NOTE,
                author=_user(actor),
                body_html=body_html,
                body_text=body_text,
            )
            record(actor=actor, verb="case.noted", target=case, after={"article": article.pk})
            _store_all(case, checked, actor=actor, article=article, stored=stored)
    except BaseException:
        discard_files(stored)
        raise
    return article


def add_event(case: Case, *, text: str, actor: Actor = None) -> Article:
    """Write a system event on `case` ("Caso escalado a Nivel 2"): plain `text`, never HTML,
    shown to agents; one audit event "case.event". `actor` is None when the system acts."""
    text = _plain(text)
    if not text:
        raise ArticleError("empty_event")
    with transaction.atomic():
        article = Article.objects.create(
            case=case,
            kind=Article.Kind.EVENT,
            author=_user(actor),
            body_html=linebreaks(text, autoescape=True),
            body_text=text,
        )
        record(actor=actor, verb="case.event", target=case, after={"article": article.pk})
    return article


def render_body(body: str) -> tuple[str, str]:
    """(sanitised HTML, plain text) of `body`: HTML when it has a tag, else plain text."""
    body = body.replace("\x00", "")
    _check_length(body, MAX_INPUT_CHARS)
    if not HTML_TAG.search(body):
        text = _plain(body)
        return (linebreaks(text, autoescape=True) if text else ""), text
    html = sanitize_html(body).strip()
    _check_length(html, MAX_BODY_CHARS)
    return html, html_to_text(html)


def sanitize_html(html: str) -> str:
    """`html` with only `ALLOWED_TAGS` and their allowed attributes and URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def html_to_text(html: str) -> str:
    """The readable text of (sanitised) `html`: blocks as paragraphs, list items as "- ",
    a link's address after its text when they differ."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _plain(text: str) -> str:
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()
    _check_length(text, MAX_BODY_CHARS)
    return text


def _check_length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise ArticleError("body_too_long", length=len(text), limit=limit)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    url = value.strip()
    if tag == "a" and attribute == "href":
        return url if url.lower().startswith(LINK_PREFIXES) else None
    if tag == "img" and attribute == "src":
        return url if INLINE_IMAGE.match(url) else None
    return value


def _store_all(
    case: Case,
    checked: list[CheckedFile],
    *,
    actor: Actor,
    article: Article,
    stored: list[Attachment],
) -> None:
    for file in checked:
        stored.append(store_checked(case, file, actor=actor, article=article))


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_pre = 0
        self.link: tuple[str, int] | None = None  # (href, index of the link's first part)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag == "pre":
            self.in_pre += 1
        elif tag == "a":
            self.link = (dict(attrs).get("href") or "", len(self.parts))
        elif tag == "img" and (alt := dict(attrs).get("alt")):
            self.parts.append(f"[{alt}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)
        elif tag == "a" and self.link is not None:
            href, start = self.link
            label = "".join(self.parts[start:]).strip()
            shown = href.removeprefix("mailto:")
            if href and shown not in label:
                self.parts.append(f" ({shown})")
            self.link = None

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
            if not self.parts or self.parts[-1][-1:].isspace():
                data = data.lstrip()
        self.parts.append(data)
