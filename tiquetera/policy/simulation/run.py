"""`simulate`: the cases of a window replayed under a policy file, in a transaction that is
always rolled back (DESIGN.md, "Simulation"): the intake's own decision (`intake`), the same
consumption and the same clock transitions as live cases, so there is no second implementation
of any rule. The intakes, the entitlements' counts and the lives run in memory; what is written
— the file's policy loaded, a period or renewal the window needed — goes with the rollback, and
the jobs it would enqueue wait for a commit (`transaction.on_commit`) that never comes."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache

from django.db import transaction
from django.utils import timezone

from tiquetera.directory.models import Organization
from tiquetera.policy.cache import one_revision
from tiquetera.policy.in_force import as_loaded
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import PolicyDocument, parse_policy
from tiquetera.policy.services import load_policy
from tiquetera.sla.services import InMemory, default_calendar
from tiquetera.tickets.models import Case

from .errors import SimulationError
from .facts import CaseFacts, arrivals_of, case_facts, facts_of
from .intake import Replayed, replay_intakes
from .lifecycle import histories, replay_life
from .preflight import scope
from .window import WindowStart, cases_in, changed_caps, credits_of, plan_caps, taken_since

AfterCase = Callable[[int, Case], None]
# Called inside the simulation's transaction after the replay, the file loaded (the report's
# charges under the file, priced without loading it again): kept as `Simulation.inside`.
Inside = Callable[[Policy, Organization | None, list[Replayed]], object]


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
    # seconds each phase took: "recorded" (reading what was recorded), "load" (the file loaded,
    # the tickets taken since the window opened counted), "intake" (the replayed intakes), "sla"
    # (the replayed lives and what the replays came to)
    seconds: dict[str, float] = field(default_factory=dict)
    inside: object = None  # what `simulate`'s `inside` returned
    cpu: dict[str, float] = field(default_factory=dict)  # this process's CPU seconds, as `seconds`


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
    cpu: dict[str, float] = {}
    with _timed("recorded", seconds, cpu):
        current = facts_of(cases, as_of)
    proposed: list[CaseFacts] = []
    with rolled_back(), as_loaded():  # every case judged by the file loaded
        proposed, kept = _replay(
            document,
            filename,
            policy,
            cases,
            first,
            chosen,
            as_of,
            after_case,
            seconds,
            cpu,
            inside,
        )
    return Simulation(
        policy.slug,
        filename,
        start,
        end,
        organization,
        as_of,
        current,
        proposed,
        seconds,
        kept,
        cpu,
    )


@contextmanager
def _timed(phase: str, seconds: dict[str, float], cpu: dict[str, float]) -> Iterator[None]:
    """The block's wall-clock and CPU seconds, as `phase`."""
    began, cpu_began = time.perf_counter(), time.process_time()
    yield
    seconds[phase] = time.perf_counter() - began
    cpu[phase] = time.process_time() - cpu_began


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
    cpu: dict[str, float],
    inside: Inside | None,
) -> tuple[list[CaseFacts], object]:
    with _timed("load", seconds, cpu):
        caps = plan_caps(policy)
        load_policy(document, source=f"simulation:{filename}"[:200])
        taken = taken_since(policy, first, organization)
        start = WindowStart(first.date(), taken, changed_caps(caps, plan_caps(policy)))
    with one_revision():  # the file's policy, read once: not one revision read an intake
        with _timed("intake", seconds, cpu):
            replays = replay_intakes(cases, first, credits_of(cases), start, after_case)
        with _timed("sla", seconds, cpu):
            facts = _lives(cases, replays, as_of)
    return facts, inside(policy, organization, replays) if inside is not None else None


def _lives(cases: list[Case], replays: list[Replayed], as_of: dt.datetime) -> list[CaseFacts]:
    """Each replay's recorded life moved onto its clocks in memory, then what every replay came
    to: no statement but reading the recorded lives."""
    recorded_arrivals = arrivals_of(cases)
    lives = histories(cases)
    store = InMemory(
        {r.case.pk: r.clocks for r in replays},
        {r.case.pk: r.plan for r in replays},
        cache(default_calendar),  # read once a policy
    )
    facts = []
    for replayed in replays:
        case, replay, arrival = replayed.recorded, replayed.case, replayed.arrival
        comparable = arrival["status"] == recorded_arrivals.get(case.pk, {}).get(
            "status", arrival["status"]
        )
        if comparable:
            replay_life(replay, case, lives[case.pk], store)
        fact = case_facts(
            replay,
            arrival,
            as_of,
            number=case.number,
            clocks=store.clocks.get(replay.pk, []),
            checks=replayed.checks,
        )
        if not comparable:  # arrived otherwise: no life of its own to replay
            fact = _without_clocks(fact)
        facts.append(fact)
    return facts


def _without_clocks(fact: CaseFacts) -> CaseFacts:
    return replace(fact, clocks=())
