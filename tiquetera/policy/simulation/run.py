"""`simulate`: the cases of a window replayed under a policy file, in a transaction that is
always rolled back (DESIGN.md, "Simulation"): the same intake pipeline, the same consumption and
the same clock services as live cases, so there is no second implementation of any rule.

Nothing survives it: the outbox rows, audit events and cases it writes go with the rollback, and
the jobs they would enqueue wait for a commit (`transaction.on_commit`) that never comes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from tiquetera.directory.models import Organization
from tiquetera.policy.in_force import as_loaded
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import PolicyDocument, parse_policy
from tiquetera.policy.services import load_policy
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.models import Case

from .errors import SimulationError
from .facts import CaseFacts, arrivals_of, case_facts, facts_of, with_facts
from .lifecycle import histories, replay_life
from .window import apply_caps, bounds, cases_in, plan_caps, rewind

AfterCase = Callable[[int, Case], None]


@dataclass(frozen=True)
class Simulation:
    """What the window's cases came to as recorded (`current`) and under the file (`proposed`),
    case by case in arrival order."""

    slug: str
    filename: str
    start: dt.date
    end: dt.date
    organization: str
    as_of: dt.datetime
    current: list[CaseFacts]
    proposed: list[CaseFacts]


class _RollBack(Exception):
    """Ends the simulation's transaction: nothing it wrote is kept."""


def simulate(
    text: str,
    *,
    filename: str,
    start: dt.date,
    end: dt.date,
    organization: str = "",
    as_of: dt.datetime | None = None,
    after_case: AfterCase | None = None,
) -> Simulation:
    """Replay the cases received from `start` to `end` (days in the policy's zone, both
    included), of one organization (its tax id) or all, under the policy file `text`.

    Raises PolicyFileError (every problem, with file:line) for a file with errors and
    SimulationError for another vendor's file, an unknown organization or an empty window —
    before anything runs. `as_of`: the moment a running clock is judged late (default now).
    `after_case(index, case)` is called after each replayed intake (tests use it to fail half
    way)."""
    document = parse_policy(text, filename)
    if end < start:
        raise SimulationError("bad_window", start=start, end=end)
    slug = document.policy.slug
    policy = Policy.objects.filter(slug=slug).first()
    if policy is None:
        raise SimulationError("unknown_policy", slug=slug)
    chosen = _organization(organization, policy, slug)
    first, after = bounds(policy, start, end)
    cases = list(cases_in(policy, first, after, chosen))
    if not cases:
        raise SimulationError("empty_window", slug=slug, start=start, end=end)
    as_of = as_of or timezone.now()
    current = facts_of(cases, as_of)
    proposed: list[CaseFacts] = []
    try:
        with transaction.atomic(), as_loaded():  # every case judged by the file loaded
            proposed = _replay(document, filename, policy, cases, first, chosen, as_of, after_case)
            raise _RollBack
    except _RollBack:
        pass
    return Simulation(slug, filename, start, end, organization, as_of, current, proposed)


def _organization(key: str, policy: Policy, slug: str) -> Organization | None:
    if not key:
        return None
    found = Organization.objects.filter(tax_id=key).select_related("policy").first()
    if found is None:
        raise SimulationError("unknown_organization", key=key)
    if found.policy_id != policy.pk:
        raise SimulationError(
            "other_policy", organization=found.legal_name, current=found.policy.slug, slug=slug
        )
    return found


def _replay(
    document: PolicyDocument,
    filename: str,
    policy: Policy,
    cases: list[Case],
    first: dt.datetime,
    organization: Organization | None,
    as_of: dt.datetime,
    after_case: AfterCase | None,
) -> list[CaseFacts]:
    caps = plan_caps(policy)
    load_policy(document, source=f"simulation:{filename}"[:200])
    apply_caps(policy, caps, first)
    rewind(policy, first, organization)
    replays: list[tuple[Case, Case]] = []
    for index, case in enumerate(cases):  # arrival order: quotas are taken as they were
        replays.append((case, submit(_request(case))))
        if after_case is not None:
            after_case(index, case)
    recorded_arrivals = arrivals_of(cases)
    arrivals = arrivals_of([replay for _case, replay in replays])
    lives = histories(cases)
    comparable = set()
    for case, replay in replays:
        status = arrivals.get(replay.pk, {}).get("status")
        if status == recorded_arrivals.get(case.pk, {}).get("status", status):
            replay_life(replay, case, lives[case.pk])
            comparable.add(replay.pk)
    numbers = {replay.pk: case.number for case, replay in replays}
    facts = []
    for replay in with_facts([replay for _case, replay in replays]):
        fact = case_facts(replay, arrivals.get(replay.pk, {}), as_of, number=numbers[replay.pk])
        if replay.pk not in comparable:  # arrived otherwise: no life of its own to replay
            fact = _without_clocks(fact)
        facts.append(fact)
    return facts


def _without_clocks(fact: CaseFacts) -> CaseFacts:
    return replace(fact, clocks=())


def _request(case: Case) -> IntakeRequest:
    """The stored case as its channel handed it in, received when it was."""
    return IntakeRequest.of_case(case, split_from=case.split_from, replay=True)
