"""What is checked before a simulation is queued (the desk's Simulador runs it in the worker):
the file, its window and its organization, refused at once with the same messages `simulate`
gives — so a person sees a file's `file:line` problems, another vendor's file or an empty window
on the form, and nothing runs.

The window's defaults (docs/policy.md, "Simular un cambio"): the last day is today; the first
day, when not given, is the file's `effective_from` when that day has come (a dated file is
simulated for the window since its date), and is required otherwise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from tiquetera.directory.models import Organization
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import PolicyDocument, parse_policy

from .errors import SimulationError
from .window import bounds, cases_in


@dataclass(frozen=True)
class Prepared:
    """A file and window that `simulate` will accept (as the database stands now)."""

    document: PolicyDocument
    policy: Policy
    start: dt.date
    end: dt.date


def default_window(
    document: PolicyDocument,
    start: dt.date | None,
    end: dt.date | None,
    *,
    now: dt.datetime | None = None,
) -> tuple[dt.date, dt.date]:
    """`start` and `end`, the missing ones from the file's `effective_from` and today (both in
    the policy's time zone). Raises SimulationError when there is no first day to take."""
    today = (now or timezone.now()).astimezone(ZoneInfo(document.policy.time_zone)).date()
    end = end or today
    if start is not None:
        return start, end
    moment = document.policy.effective_moment()
    if moment is None:
        raise SimulationError("no_start")
    if moment.date() > today:
        raise SimulationError("scheduled_ahead", date=moment.date())
    return moment.date(), end


@dataclass(frozen=True)
class Scope:
    """The cases a simulation replays: its policy's, of one organization or all, received from
    `first` to before `after`."""

    policy: Policy
    organization: Organization | None
    first: dt.datetime
    after: dt.datetime


def scope(
    document: PolicyDocument,
    start: dt.date,
    end: dt.date,
    *,
    organization: str = "",
    expected: str = "",
) -> Scope:
    """The checks of a simulation's file and window before anything runs, in `simulate`'s order;
    `expected`: the policy the file must be for (the desk's page is of one policy). Raises
    SimulationError."""
    if end < start:
        raise SimulationError("bad_window", start=start, end=end)
    slug = document.policy.slug
    if expected and slug != expected:
        raise SimulationError("not_this_policy", slug=slug, expected=expected)
    policy = Policy.objects.filter(slug=slug).first()
    if policy is None:
        raise SimulationError("unknown_policy", slug=slug)
    chosen = _organization(organization, policy) if organization else None
    first, after = bounds(policy, start, end)
    return Scope(policy, chosen, first, after)


def _organization(key: str, policy: Policy) -> Organization:
    """The policy's client with tax id `key` (tax ids are unique per policy and country only)."""
    found = (
        Organization.objects.filter(tax_id=key, policy=policy).first()
        or Organization.objects.filter(tax_id=key).select_related("policy").first()
    )
    if found is None:
        raise SimulationError("unknown_organization", key=key)
    if found.policy_id != policy.pk:
        raise SimulationError(
            "other_policy",
            organization=found.legal_name,
            current=found.policy.slug,
            slug=policy.slug,
        )
    return found


def preflight(
    text: str,
    *,
    filename: str,
    start: dt.date | None,
    end: dt.date | None,
    organization: str = "",
    expected: str = "",
    now: dt.datetime | None = None,
) -> Prepared:
    """The checks `simulate` makes before replaying anything, with the window's defaults.
    Raises PolicyFileError (every problem, with file:line) or SimulationError."""
    document = parse_policy(text, filename)
    start, end = default_window(document, start, end, now=now)
    found = scope(document, start, end, organization=organization, expected=expected)
    if not cases_in(found.policy, found.first, found.after, found.organization).exists():
        raise SimulationError("empty_window", slug=found.policy.slug, start=start, end=end)
    return Prepared(document, found.policy, start, end)
