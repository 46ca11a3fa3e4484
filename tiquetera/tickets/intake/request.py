"""What every channel hands to the pipeline (`IntakeRequest`), and the cleaning of what clients
typed before any rule reads it: NUL and control characters removed, invalid UTF-8 replaced,
subjects made one line and cut to fit, over-long texts refused with a clear error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError
from tiquetera.directory.models import Contact, Organization

from ..models import Case, RawPayload

SUBJECT_MAX = 200
DESCRIPTION_MAX = 100_000
FIELD_MAX = 1_000
NAME_MAX = 200
# C0 controls and DEL, but tab and newline; carriage returns go with the line endings.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

MESSAGES: dict[str, Promise] = {
    "unknown_requester": _(
        "We could not tell which client organization this case comes from: write from the "
        "address registered with us, or ask your organization's supervisor to register you."
    ),
    "too_long": _("The %(field)s is too long: at most %(max)s characters (it has %(length)s)."),
    "no_subject": _("Write a subject or a description for the case."),
    "not_pending": _("The case %(number)s is not waiting for anything (it is “%(status)s”)."),
    "not_allowed": _("Only the organization's supervisor (USR) or an agent may verify a case."),
    "invalid_idempotency_key": _(
        "The Idempotency-Key must be 1 to 255 visible ASCII characters, without spaces."
    ),
    "idempotency_key_reused": _(
        "This Idempotency-Key was already used for a different case: use a new key for each "
        "new case."
    ),
}


class IntakeError(DomainError):
    """A request the pipeline cannot take in at all (the raw payload is kept with the reason)."""

    messages = MESSAGES


@dataclass(frozen=True)
class IntakeRequest:
    """One case as a channel received it. Either `organization` (and maybe `requester`) is known,
    or the pipeline identifies them from `requester_email` / `requester_phone`."""

    channel: str
    subject: str
    description: str = ""
    organization: Organization | None = None
    requester: Contact | None = None
    requester_name: str = ""
    requester_email: str = ""
    requester_phone: str = ""
    case_type: str = ""
    severity: str = ""
    category: str = ""  # a scope category the requester chose
    fields: Mapping[str, str] = field(default_factory=dict)
    prerequisites_done: Sequence[str] = ()
    channel_justification: str = ""
    attachments: Sequence[tuple[str, bytes]] = ()
    language: str = ""
    raw: RawPayload | None = None
    split_from: Case | None = None  # a second requirement split out of this case
    actor: AbstractBaseUser | AnonymousUser | None = None  # the agent logging a call, the user
    # when the client sent it (an email's Date, a chat's timestamp, a call's start; the demo's
    # history): the case is dated then and judged as of then; None: now
    received_at: dt.datetime | None = None
    # stored with the case (IntakeKey, unique per actor): see intake/idempotency.py
    idempotency_key: str = ""
    idempotency_fingerprint: str = ""
    # a replay of a stored case (the policy simulator, rolled back): the rules see the
    # attachments' names; no file is stored, no email rendered or queued, and no number taken
    # from the policy's sequence
    replay: bool = False
    # an email whose From the receiving server did not vouch for: parked unless the policy's
    # [desk] unverified_email is "accept" (pipeline.SENDER_UNVERIFIED)
    sender_unverified: bool = False

    @classmethod
    def of_case(cls, case: Case, **given: object) -> IntakeRequest:
        """The stored case as its channel handed it in, received when it arrived (so a rule is
        judged as then: out of hours, the plan that day); the files by name only. For a re-run
        of the rules and for the policy simulator's replay; `given` adds the actor, `replay`…"""
        return cls(
            channel=case.channel,
            subject=case.subject,
            description=case.description,
            organization=case.organization,
            requester=case.requester,
            requester_name=case.requester_name,
            requester_email=case.requester_email,
            requester_phone=case.requester_phone,
            case_type=case.case_type,
            severity=case.severity,
            category=case.category,
            fields=case.fields,
            prerequisites_done=case.prerequisites_done,
            channel_justification=case.channel_justification,
            attachments=[(a.name, b"") for a in case.attachments.all()],
            language=case.language,
            received_at=case.created_at,
            **given,  # type: ignore[arg-type]
        )


def clean_text(value: str | bytes, *, one_line: bool = False) -> str:
    """`value` as safe text: bytes decoded as UTF-8 (invalid sequences replaced), line endings
    made "\\n", NUL and other control characters removed, outer whitespace stripped."""
    text = value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if one_line:
        text = " ".join(text.split())
    return text.strip()


def _limited(value: str, limit: int, name: Promise) -> str:
    if len(value) > limit:
        raise IntakeError("too_long", field=name, max=f"{limit:,}", length=f"{len(value):,}")
    return value


def _shortened(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def cleaned(request: IntakeRequest) -> tuple[IntakeRequest, list[str]]:
    """The request with every text cleaned, and the flags that cleaning raised ("subject_cut").

    Raises IntakeError for what cannot be kept whole: a description or a field over its limit,
    or neither subject nor description."""
    flags: list[str] = []
    description = _limited(clean_text(request.description), DESCRIPTION_MAX, _("description"))
    subject = clean_text(request.subject, one_line=True)
    if not subject:
        if not description:
            raise IntakeError("no_subject")
        subject = _shortened(" ".join(description.split("\n", 1)[0].split()), 80)
    if len(subject) > SUBJECT_MAX:
        subject = _shortened(subject, SUBJECT_MAX)
        flags.append("subject_cut")
    fields = {
        clean_text(key, one_line=True)[:50]: _limited(clean_text(value), FIELD_MAX, _("field"))
        for key, value in request.fields.items()
    }
    return (
        replace(
            request,
            subject=subject,
            description=description,
            fields={key: value for key, value in fields.items() if key and value},
            requester_name=_shortened(clean_text(request.requester_name, one_line=True), NAME_MAX),
            requester_email=clean_text(request.requester_email, one_line=True)[:254],
            requester_phone=clean_text(request.requester_phone, one_line=True)[:32],
            case_type=clean_text(request.case_type, one_line=True)[:50],
            severity=clean_text(request.severity, one_line=True).upper()[:8],
            category=clean_text(request.category, one_line=True)[:50],
            prerequisites_done=[
                clean_text(item, one_line=True) for item in request.prerequisites_done
            ],
            channel_justification=_limited(
                clean_text(request.channel_justification), FIELD_MAX, _("justification")
            ),
        ),
        flags,
    )
