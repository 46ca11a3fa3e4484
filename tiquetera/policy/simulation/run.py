"""`simulate`: the cases of a window replayed under a policy file, in a transaction that is
always rolled back (DESIGN.md, "Simulation"): the same intake pipeline, the same consumption and
the same clock services as live cases, so there is no second implementation of any rule.

Nothing survives it: the outbox rows, audit events and cases it writes go with the rollback, and
the jobs they would enqueue wait for a commit (`transaction.on_commit`) that never comes."""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from tiquetera.contracts.services.consuming import credit_back
from tiquetera.directory.models import Organization
from tiquetera.policy.cache import one_revision
from tiquetera.policy.in_force import as_loaded
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import PolicyDocument, parse_policy
from tiquetera.policy.services import load_policy
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.models import Case

from .errors import SimulationError
from .facts import (
    CaseFacts,
    arrivals_of,
    batches,
    case_facts,
    checks_of,
    facts_of,
    with_facts,
)
from .lifecycle import clocks_of, histories, replay_life
from .preflight import scope
from .window import Standings, apply_caps, cases_in, credits_of, plan_caps, rewind

AfterCase = Callable[[int, Case], None]
# Called inside the simulation's transaction after the replay, the file loaded (the report's
# charges under the file, priced without loading it again): kept as `Simulation.inside`.
Inside = Callable[[Policy, Organization | None, list[tuple[Case, Case]]], object]


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
    # seconds each phase took: "recorded" (reading what was recorded), "intake" (the replayed
    # intakes), "sla" (the replayed lives and what the replays came to)
    seconds: dict[str, float] = field(default_factory=dict)
    inside: object = None  # what `simulate`'s `inside` returned


@contextmanager
def rolled_back() -> Iterator[None]:
    """A transaction that is always rolled back: nothing written inside it is kept, and the jobs
    it would enqueue on commit never run. An error inside it rolls back and is raised."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def simulate(
    text: str,
    *,
    filename: str,
    start: dt.date,
    end: dt.date,
    organization: str = "",
    as_of: dt.datetime | None = None,
    after_case: AfterCase | None = None,
    inside: Inside | None = None,
) -> Simulation:
    """Replay the cases received from `start` to `end` (days in the policy's zone, both
    included), of one organization (its tax id) or all, under the policy file `text`.

    Raises PolicyFileError (every problem, with file:line) for a file with errors and
    SimulationError for another vendor's file, an unknown organization or an empty window —
    before anything runs. `as_of`: the moment a running clock is judged late (default now).
    `after_case(index, case)` is called after each replayed intake (tests use it to fail half
    way); `inside(policy, organization, replays)` after the replay, in its transaction."""
    document = parse_policy(text, filename)
    found = scope(document, start, end, organization=organization)
    policy, chosen, first = found.policy, found.organization, found.first
    cases = list(cases_in(policy, first, found.after, chosen))
    if not cases:
        raise SimulationError("empty_window", slug=policy.slug, start=start, end=end)
    as_of = as_of or timezone.now()
    seconds: dict[str, float] = {}
    began = time.perf_counter()
    current = facts_of(cases, as_of)
    seconds["recorded"] = time.perf_counter() - began
    proposed: list[CaseFacts] = []
    with rolled_back(), as_loaded():  # every case judged by the file loaded
        proposed, kept = _replay(
            document, filename, policy, cases, first, chosen, as_of, after_case, seconds, inside
        )
    return Simulation(
        policy.slug, filename, start, end, organization, as_of, current, proposed, seconds, kept
    )


def _replay(
    document: PolicyDocument,
    filename: str,
    policy: Policy,
    cases: list[Case],
    first: dt.datetime,
    organization: Organization | None,
    as_of: dt.datetime,
    after_case: AfterCase | None,
    seconds: dict[str, float],
    inside: Inside | None,
) -> tuple[list[CaseFacts], object]:
    began = time.perf_counter()
    caps = plan_caps(policy)
    load_policy(document, source=f"simulation:{filename}"[:200])
    apply_caps(policy, caps, first)
    rewind(policy, first, organization)
    with one_revision():  # the file's policy, read once: not one revision read an intake
        replays = _intakes(cases, first, after_case)
        seconds["intake"] = time.perf_counter() - began
        began = time.perf_counter()
        facts = _lives(cases, replays, as_of)
        seconds["sla"] = time.perf_counter() - began
    return facts, inside(policy, organization, replays) if inside is not None else None


def _intakes(
    cases: list[Case], first: dt.datetime, after_case: AfterCase | None
) -> list[tuple[Case, Case]]:
    """Each case through the intake pipeline, in arrival order: (recorded, replay)."""
    standings = Standings((case.organization_id for case in cases), first)
    credits = deque(credits_of(cases))
    replays: list[tuple[Case, Case]] = []
    replay_of: dict[int, Case] = {}
    index = 0
    for batch in batches(cases):  # arrival order: quotas are taken as they were
        prefetch_related_objects(batch, "attachments")  # their names, a query a batch
        for case in batch:
            while credits and credits[0][0] <= case.created_at:
                _credit(replay_of, *credits.popleft())
            # the rules judge the client's payments as they were when the case arrived
            case.organization.standing = standings.at(case.organization, case.created_at)
            replay = submit(_request(case))
            replays.append((case, replay))
            replay_of[case.pk] = replay
            if after_case is not None:
                after_case(index, case)
            index += 1
    return replays


def _lives(
    cases: list[Case], replays: list[tuple[Case, Case]], as_of: dt.datetime
) -> list[CaseFacts]:
    """Each replay's recorded life moved onto its clocks in memory (read once a batch), then
    what every replay came to."""
    recorded_arrivals = arrivals_of(cases)
    arrivals = arrivals_of([replay for _case, replay in replays])
    lives = histories(cases)
    store = clocks_of([replay for _case, replay in replays])
    comparable = set()
    for case, replay in replays:
        status = arrivals.get(replay.pk, {}).get("status")
        if status == recorded_arrivals.get(case.pk, {}).get("status", status):
            replay_life(replay, case, lives[case.pk], store)
            comparable.add(replay.pk)
    numbers = {replay.pk: case.number for case, replay in replays}
    facts = []
    loaded = with_facts([replay for _case, replay in replays], clocks=False)
    checks = checks_of(loaded)
    lived = {replay.pk: replay for _case, replay in replays}
    for replay in loaded:
        # where its life, moved in memory, left it (its place in the queue: `queue_key`)
        life = lived[replay.pk]
        replay.status, replay.resolved_at = life.status, life.resolved_at
        replay.sla_due_at, replay.sla_warn_at = life.sla_due_at, life.sla_warn_at
        fact = case_facts(
            replay,
            arrivals.get(replay.pk, {}),
            as_of,
            number=numbers[replay.pk],
            clocks=store.clocks.get(replay.pk, []),
            checks=checks[replay.pk],
        )
        if replay.pk not in comparable:  # arrived otherwise: no life of its own to replay
            fact = _without_clocks(fact)
        facts.append(fact)
    return facts


def _credit(replay_of: dict[int, Case], _at: dt.datetime, recorded: int, reason: str) -> None:
    """The ticket a recorded case gave back (found invalid, out of scope, a duplicate) is given
    back by its replay at the same point of the arrivals, through the same service, so the cases
    after it find the room it left."""
    replay = replay_of.get(recorded)
    if replay is not None and replay.consumption is not None:
        credit_back(replay.consumption, reason=reason, audited=False)


def _without_clocks(fact: CaseFacts) -> CaseFacts:
    return replace(fact, clocks=())


def _request(case: Case) -> IntakeRequest:
    """The stored case as its channel handed it in, received when it was."""
    return IntakeRequest.of_case(case, split_from=case.split_from, replay=True)
