"""What is support and what is not: scope categories and their actions, and the prerequisite
steps a client must have taken."""

from __future__ import annotations

import functools
import re

from django.utils.translation import gettext as _

from tiquetera.policy.sections import intake as spec

from ...models import ScopeCategory
from ...statuses import Status
from .base import PASS, Draft, Verdict, flag, park, plain, reject


def scope(draft: Draft, params: spec.ScopeRule) -> Verdict:
    """Seed 004 lists what is not support (training, operating systems, viruses, peripherals,
    installs, networks, audits); seed 002 refers such work to a partner with the client's
    consent. A category the requester chose is acted on; one only suggested by keywords is
    flagged (or acted on, when the policy says "apply")."""
    chosen = next((c for c in draft.scope if c.key == draft.request.category), None)
    if chosen is not None:
        return scope_verdict(chosen)
    text = plain(f"{draft.request.subject}\n{draft.request.description}")
    for category in draft.scope:
        if category.action == ScopeCategory.Action.ACCEPT:
            continue
        found = _keywords(tuple(category.keywords))
        if found is not None and found.search(text):
            if params.keywords == "apply":
                return scope_verdict(category)
            return flag(
                "possibly_out_of_scope",
                _("This may be “%(category)s”, which is not support: check before attending.")
                % {"category": category.name},
            )
    return PASS


@functools.lru_cache(maxsize=512)
def _keywords(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a category's keywords, each matched from the start of a word; compiled
    once, not at every case. None when it has none."""
    words = [re.escape(plain(keyword)) for keyword in keywords if keyword]
    return re.compile(rf"\b(?:{'|'.join(words)})") if words else None


def scope_notice(category: ScopeCategory) -> str:
    """What happens to a case of `category`, told before it is sent (the case form, the API):
    the message the requester would get, from the policy's name, reason, contact and partner;
    "" for a category that is support."""
    if category.action == ScopeCategory.Action.REFER:
        partner = category.partner or _("a partner")
        reason = f" {category.reason}" if category.reason else ""
        return (
            _(
                "“%(category)s” is not part of our support; it is attended by %(partner)s. We "
                "will ask for your consent before referring the case to them."
            )
            % {"category": category.name, "partner": partner}
            + reason
        )
    return scope_verdict(category).message


def scope_verdict(category: ScopeCategory) -> Verdict:
    reason = f" {category.reason}" if category.reason else ""
    if category.action == ScopeCategory.Action.REJECT:
        return reject(
            Status.REJECTED,
            "out_of_scope",
            _("“%(category)s” is not part of technical support.") % {"category": category.name}
            + reason,
        )
    if category.action == ScopeCategory.Action.SALES:
        where = (
            " " + _("Please write to %(contact)s.") % {"contact": category.contact}
            if category.contact
            else ""
        )
        return reject(
            Status.REJECTED,
            "routed_to_sales",
            _("“%(category)s” is handled by our sales area, not by support.")
            % {"category": category.name}
            + reason
            + where,
        )
    if category.action == ScopeCategory.Action.REFER:
        partner = category.partner or _("a partner")
        return park(
            Status.PENDING_CONSENT,
            "needs_consent",
            _(
                "“%(category)s” is not part of our support; it is attended by %(partner)s. "
                "Reply “yes” to accept that we refer the case to them, or “no” to decline; you "
                "can also answer on the case's page in the portal."
            )
            % {"category": category.name, "partner": partner}
            + reason,
        )
    return PASS


def prerequisites(draft: Draft, params: spec.PrerequisitesRule) -> Verdict:
    """Seed 002: a case is invalid when the steps given to the USR to rule out common causes
    were not done first."""
    required = draft.case_type.prerequisites if draft.case_type else []
    done = {plain(item) for item in draft.request.prerequisites_done}
    missing = [step for step in required if plain(step) not in done]
    if not missing:
        return PASS
    message = _("Before opening this case, please do these steps and confirm them: %(steps)s.") % {
        "steps": "; ".join(missing)
    }
    if params.missing == "flag":
        return flag("prerequisites_missing", message)
    if params.missing == "park":
        return park(Status.PENDING_INFORMATION, "prerequisites_missing", message)
    return reject(Status.INVALID, "prerequisites_missing", message)
