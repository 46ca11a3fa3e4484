"""What every intake rule reads and returns: the `Draft` (the case being taken in, with what the
policy and the database say about it) and the `Verdict`."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tiquetera.contracts.models import Contract, Plan
from tiquetera.directory.models import Contact, Organization

from ...models import CaseField, CaseType, DeskRules, IntakeCheck, ScopeCategory, Severity
from ..reads import DATABASE, Reads
from ..request import IntakeRequest

Outcome = IntakeCheck.Outcome


@dataclass(frozen=True)
class Verdict:
    outcome: str  # IntakeCheck.Outcome
    code: str = ""
    message: str = ""
    status: str = ""  # where a park or a reject sends the case


PASS = Verdict(Outcome.PASS)


def flag(code: str, message: str) -> Verdict:
    return Verdict(Outcome.FLAG, code, message)


def park(status: str, code: str, message: str) -> Verdict:
    return Verdict(Outcome.PARK, code, message, status)


def reject(status: str, code: str, message: str) -> Verdict:
    return Verdict(Outcome.REJECT, code, message, status)


@dataclass
class Draft:
    """A case being taken in: the cleaned request and everything the rules look up."""

    request: IntakeRequest
    organization: Organization
    requester: Contact | None
    case_type: CaseType | None
    case_types_defined: bool  # the policy lists case types: a case must name one
    severity: Severity | None
    severity_code: str
    contracts: list[Contract]
    scope: list[ScopeCategory]
    fields: dict[str, CaseField]
    desk: DeskRules | None
    now: dt.datetime
    verified: bool = False
    urgency_notified: bool = False
    phone: str = ""  # the requester's phone in E.164, once the phone rule read it
    flags: list[str] = field(default_factory=list)
    # set by a rule that makes the case a per-event service (no plan, out of hours): the plan
    # whose per-event terms apply, and why (a contracts.Consumption.Reason)
    per_event_plan: Plan | None = None
    per_event_reason: str = ""
    reads: Reads = DATABASE  # where the rules read what is not in the draft (`reads`)

    @property
    def email(self) -> str:
        return self.request.requester_email or (self.requester.email if self.requester else "")

    @property
    def name(self) -> str:
        return self.request.requester_name or (self.requester.name if self.requester else "")

    @property
    def phone_given(self) -> str:
        return self.request.requester_phone or (self.requester.phone if self.requester else "")

    @property
    def guide(self) -> str:
        url = self.desk.writing_guide_url if self.desk else ""
        return (
            (" " + _("See the guide to writing a good case: %(url)s") % {"url": url}) if url else ""
        )


def plain(text: str) -> str:
    """Lower case without accents, for matching words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    # each distinct character is asked once whether it is a mark, not each character
    marks = frozenset(c for c in set(decomposed) if unicodedata.combining(c))
    return _marks_pattern(marks).sub("", decomposed) if marks else decomposed


@functools.lru_cache(maxsize=256)
def _marks_pattern(marks: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(mark) for mark in sorted(marks)) + "]")
