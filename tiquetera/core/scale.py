"""Data at scale for benchmarks and load tests: `tiquetera seed --cases N`.

Each generated arrival (a client's contact, the portal, a case type with its fields and the
prerequisites the policy asks for, or now and then without one, a moment of the last year) is
decided by the intake's own pure decision — `tickets.intake.deciding`'s `judge`, `new_case` and
`settle`, the functions `submit` calls and the policy simulator replays — with what it reads
preloaded once for the run (the simulator's `Preloaded`: calendars, plans, contacts, contracts,
quota periods) and its tickets counted in memory (`contracts.services.counting.InMemory`). What
they decided is then written in bulk, a batch at a time: the case (accepted, parked or refused,
with its reason and number), its intake checks, its consumption, the quota counters, its SLA
clocks, the "case.created" audit event — and, for a case that opened, a life moved through the
desk's own clock transitions (`sla.services`): an agent takes it, replies, perhaps waits on the
client, resolves and closes it, each dated and recorded as the desk records it (status events,
the agent's reply). So `policy simulate` of the policy in use over any window of seeded cases
reproduces what was recorded (the test `core/tests/test_seed_identity.py`, `bench_simulate.py`).

A million cases through `submit` would take most of a day; here the decision and the bulk
writes cost about 3 ms of CPU a case (bench/README.md). About `open_share` of the cases arrived
in the last two weeks and are still open (in the queue statuses or waiting on the client, their
resolution clocks running, half the overdue ones already marked by an earlier sweep); the rest
were resolved or closed. The data is deterministic for a given seed, and the command adds to
what an earlier run made (numbers continue each year's sequence; the quotas count on from what
is recorded, so on a plan with caps a second run's cases, interleaved in time with the first's,
are not what the intake would have decided in arrival order — the bench's preset, jq-systems,
caps none).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from tiquetera.audit.models import AuditEvent
from tiquetera.audit.services import SYSTEM_ACTOR
from tiquetera.billing import services as billing
from tiquetera.calendars.models import Calendar
from tiquetera.contracts.models import (
    Consumption,
    Contract,
    EntitlementCounter,
    EntitlementPeriod,
    Plan,
)
from tiquetera.contracts.periods import local_date
from tiquetera.contracts.services.counting import InMemory as Counted
from tiquetera.core.queries import insert_rows
from tiquetera.directory.models import Agent, Contact, Organization, Team
from tiquetera.policy.cache import one_revision
from tiquetera.policy.models import Policy
from tiquetera.policy.revisions import load_file
from tiquetera.policy.schema import read_policy
from tiquetera.policy.simulation.intake import Preloaded
from tiquetera.policy.simulation.lifecycle import step
from tiquetera.policy.simulation.window import WindowStart
from tiquetera.sla.models import Clock
from tiquetera.sla.services import InMemory as Clocks
from tiquetera.sla.services import default_calendar
from tiquetera.tickets.catalogue import Catalogue, catalogue_at
from tiquetera.tickets.intake.deciding import judge, new_case, plan_key_of, prefix_of, settle
from tiquetera.tickets.intake.pipeline import arrived
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.intake.rules import Ruling
from tiquetera.tickets.models import Article, Case, CaseNumberSequence, IntakeCheck
from tiquetera.tickets.numbering import format_number
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.workload import recount

BATCH = 2_000
ROWS = 2_000  # rows an INSERT of the intake checks and replies (within SQLite's parameters)
# each agent knows two of these modules, so auto-assignment has a choice to make
MODULES = ("Facturación", "Nómina", "Contabilidad", "Inventario")
APPLICATIONS = ("JQ Nómina", "JQ Contable", "JQ Comercial")
OPEN_DAYS = 14  # the open cases arrived in the last two weeks
MISSING = 0.02  # a prerequisite not confirmed, a required field left empty: each this often
WAITING = 0.15  # the share of opened cases that wait on the client for a while


@dataclass(frozen=True)
class Scale:
    cases: int
    open_share: float = 0.1  # the figure: 100,000 open of 1,000,000
    organizations: int = 500
    agents: int = 40
    preset: str = "jq-systems"
    seed: int = 2026


@dataclass
class World:
    policy: Policy
    calendar: Calendar | None  # the default one
    organizations: list[Organization]
    requesters: dict[int, Contact]
    severities: dict[int, list[str]]  # organization id -> the severities its plans cover
    agents: list[int]  # user ids
    open_share: float


@dataclass
class Arrival:
    at: dt.datetime
    organization: Organization
    stays_open: bool
    seed: int  # of this case's own draws (its type, fields and life)


Event = tuple[dt.datetime, str, str]  # when, what ("assigned", "replied", "status"), to


@dataclass
class Made:
    """One arrival as the intake decided it, and its life: nothing saved yet."""

    case: Case
    rulings: list[Ruling]
    arrival: dict[str, str]
    clocks: list[Clock] = field(default_factory=list)
    life: list[Event] = field(default_factory=list)
    agent: int | None = None


def seed(scale: Scale, progress: Callable[[int], None] = lambda n: None) -> int:
    """Add `scale.cases` cases (and the world they need, made once); returns how many."""
    rng = random.Random(scale.seed)
    world = _world(scale)
    now = timezone.now().replace(microsecond=0)  # whole seconds, as the audit trail keeps them
    arrivals = _arrivals(world, rng, now, scale.cases)
    if not arrivals:
        return 0
    first = arrivals[0].at
    organizations = [o.pk for o in world.organizations]
    reads = Preloaded(world.policy.pk, organizations, first, WindowStart(first.date()))  # as read
    counted = Counted()
    written: dict[tuple[type, int], int] = {}
    numbers = Numbers(world.policy)
    made = 0
    with one_revision():  # the policy as loaded, read once for the run
        known = catalogue_at(world.policy.pk, now)
        for batch in _chunks(arrivals, BATCH):
            decided = [_decide(world, known, reads, counted, numbers, a, now) for a in batch]
            with transaction.atomic():
                _write(decided)
                _write_counts(counted, written)
                numbers.save()
            made += len(batch)
            progress(len(batch))
    recount()  # bulk_create bypasses the agents' working-case counts
    return made


def _chunks(items: Sequence[Arrival], size: int) -> Iterator[Sequence[Arrival]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _world(scale: Scale) -> World:
    policy_file = read_policy(scale.preset)
    with transaction.atomic():
        loaded = load_file(policy_file)  # recorded as a revision, as `policy load` does
        assert loaded.report is not None, "the presets take effect at once (no effective_from)"
        policy = loaded.report.policy
        plans = list(Plan.objects.filter(policy=policy).order_by("tier_rank", "key"))
        existing = Organization.objects.filter(policy=policy, legal_name__startswith="Scale ")
        for n in range(existing.count(), scale.organizations):
            org = Organization.objects.create(policy=policy, legal_name=f"Scale {n:05d} S.A.S.")
            Contact.objects.create(
                organization=org, name=f"USR {n:05d}", email=f"usr{n}@scale.test", role="usr"
            )
            Contract.objects.create(
                organization=org,
                plan=plans[n % len(plans)],
                start=dt.date(2025, 1, 1),
                auto_renew=True,
            )
        organizations = list(existing.order_by("pk"))
        team, _ = Team.objects.get_or_create(key="scale", defaults={"name": "Scale"})
        User = get_user_model()
        for n in range(
            Agent.objects.filter(user__username__startswith="scale-").count(), scale.agents
        ):
            user = User.objects.create(username=f"scale-{n:03d}", is_staff=True)
            skills = [MODULES[n % len(MODULES)], MODULES[(n + 1) % len(MODULES)]]
            Agent.objects.create(user=user, skills=skills).teams.add(team)
    requesters = {
        c.organization_id: c
        for c in Contact.objects.filter(organization__in=organizations, role="usr")
    }
    severities: dict[int, list[str]] = {}
    for org_id, covered in Contract.objects.filter(organization__in=organizations).values_list(
        "organization_id", "plan__covered_severities"
    ):
        severities.setdefault(org_id, []).extend(covered or [])
    agents = list(
        User.objects.filter(username__startswith="scale-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    calendar = default_calendar(policy.pk)
    return World(policy, calendar, organizations, requesters, severities, agents, scale.open_share)


def _arrivals(world: World, rng: random.Random, now: dt.datetime, count: int) -> list[Arrival]:
    """`count` arrivals over the last year, in arrival order: the open ones in the last weeks."""
    found = []
    for _n in range(count):
        stays_open = rng.random() < world.open_share
        days = OPEN_DAYS if stays_open else 365
        at = now - dt.timedelta(seconds=rng.randrange(60, days * 86_400))
        org = rng.choice(world.organizations)
        found.append(Arrival(at, org, stays_open, rng.getrandbits(64)))
    return sorted(found, key=lambda arrival: arrival.at)


class Numbers:
    """Each year's case numbers of the policy, continuing what is recorded; saved per batch."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.last = dict(
            CaseNumberSequence.objects.filter(policy=policy).values_list("year", "last")
        )
        self.known = set(self.last)

    def next(self, prefix: str, year: int) -> str:
        self.last[year] = self.last.get(year, 0) + 1
        return format_number(prefix, year, self.last[year])

    def save(self) -> None:
        for year, last in self.last.items():
            if year in self.known:
                CaseNumberSequence.objects.filter(policy=self.policy, year=year).update(last=last)
            else:
                CaseNumberSequence.objects.create(policy=self.policy, year=year, last=last)
                self.known.add(year)


def _request(
    world: World, known: Catalogue, arrival: Arrival, draw: random.Random, number: int
) -> IntakeRequest:
    """What the client typed in the portal: a case type its plans cover, the fields it asks
    for and its prerequisites confirmed — each now and then left out."""
    org = arrival.organization
    covered = world.severities.get(org.pk, [])
    types = [
        key
        for key, case_type in known.case_types.items()
        if not covered or case_type.default_severity in covered
    ] or list(known.case_types)
    case_type = known.case_types.get(draw.choice(types)) if types else None
    fields = {"application": draw.choice(APPLICATIONS), "module": draw.choice(MODULES)}
    done: list[str] = list(case_type.prerequisites) if case_type else []
    if draw.random() < MISSING:
        done = []
    if draw.random() < MISSING:
        fields.pop("module")
    return IntakeRequest(
        channel="portal",
        subject=f"Caso de prueba {number}",
        description=f"Descripción del caso de prueba {number}.",
        organization=org,
        requester=world.requesters.get(org.pk),
        case_type=case_type.key if case_type else "",
        fields=fields,
        prerequisites_done=done,
        received_at=arrival.at,
        # `arrived` applies a policy revision that fell due first; the run loaded the preset
        # just now and judges every case by it, as the simulator's replay does
        replay=True,
    )


def _decide(
    world: World,
    known: Catalogue,
    reads: Preloaded,
    counted: Counted,
    numbers: Numbers,
    arrival: Arrival,
    now: dt.datetime,
) -> Made:
    """The arrival through the intake's decision, numbered, then its life if it opened."""
    draw = random.Random(arrival.seed)
    request = _request(world, known, arrival, draw, numbers.last.get(arrival.at.year, 0) + 1)
    request, organization, contact, flags = arrived(request)
    with translation.override(request.language):
        draft, rulings = judge(request, organization, contact, flags, reads)
        year = local_date(draft.now, organization.time_zone).year
        case = new_case(draft, rulings, numbers.next(prefix_of(draft), year))
        day = local_date(draft.now, organization.time_zone)
        sources = {}
        if case.intake == Case.Intake.ACCEPTED:
            sources = {c.pk: reads.ticket_source(c, day) for c in draft.contracts}
        consumed, opening = settle(case, draft, None, counted, sources)
    arrival_after = {
        "status": case.status,
        "intake": case.intake,
        "reason": case.intake_reason,
        "channel": case.channel,
        "consumption": consumed.outcome if consumed is not None else "",
        "split_from": "",
    }
    made = Made(case, rulings, arrival_after)
    if opening is not None:
        made.clocks = opening.clocks
        made.agent = case.assignee_id
        _live(made, arrival, draw, plan_key_of(draft, consumed) or "", world, now)
    return made


def _live(
    made: Made, arrival: Arrival, draw: random.Random, plan: str, world: World, now: dt.datetime
) -> None:
    """An opened case's life until `now`: an agent takes it, replies, perhaps waits on the
    client, resolves it and closes it (one still open stops on the way), each step through the
    desk's clock transitions in memory (`sla.services`, as `tickets.services.move` and
    `articles.add_reply` call them)."""
    case = made.case
    case.pk = -1  # names it in the clocks' store until it is written
    store = Clocks({case.pk: made.clocks}, {case.pk: plan}, lambda _policy: world.calendar)
    steps: list[tuple[float, str, str]] = []  # hours after the last step, what, to
    if not arrival.stays_open or draw.random() < 0.7:
        steps += [(draw.uniform(0.1, 24), "assigned", ""), (0.05, "status", Status.IN_PROGRESS)]
        steps.append((draw.uniform(0.1, 30), "replied", ""))
        if draw.random() < WAITING:
            steps.append((draw.uniform(1, 48), "status", Status.WAITING_ON_CLIENT))
            if not arrival.stays_open:
                steps.append((draw.uniform(1, 72), "status", Status.IN_PROGRESS))
        if not arrival.stays_open:
            steps.append((draw.uniform(1, 240), "status", Status.RESOLVED))
            steps.append((draw.uniform(24, 96), "status", Status.CLOSED))
    at = arrival.at
    for hours, what, to in steps:
        at += dt.timedelta(seconds=round(hours * 3600))
        if at >= now:
            break
        made.life.append((at, what, to))
        if what == "assigned":
            made.agent = case.assignee_id = draw.choice(world.agents)
        step(case, at, what, to, store)
    made.clocks = store.clocks[case.pk]
    if arrival.stays_open and draw.random() < 0.5:  # an earlier sweep marked its breaches
        for clock in made.clocks:
            if clock.state == Clock.State.RUNNING and clock.due_at and clock.due_at <= now:
                clock.breached_at, clock.warned_at = clock.due_at, clock.warn_at
                case.sla_breached = True
    case.pk = None


def _write(decided: list[Made]) -> None:
    """The batch's rows, a few INSERTs a table: consumptions, cases, clocks, intake checks, the
    audit events and the agents' replies."""
    consumptions = [m.case.consumption for m in decided if m.case.consumption is not None]
    for consumption in Consumption.objects.bulk_create(consumptions):
        if consumption.outcome == Consumption.Outcome.EXTRA:  # on the ledger at once, as live
            billing.charge_consumption(consumption)
    cases = Case.objects.bulk_create(
        [replace_consumption(m.case) for m in decided]
    )  # created_at is the arrival (a default, not auto)
    for made, case in zip(decided, cases, strict=True):
        for clock in made.clocks:
            clock.case_id = case.pk
    Clock.objects.bulk_create([clock for m in decided for clock in m.clocks])
    checks = [
        (m.case.pk, r.position, r.rule, r.verdict.outcome, r.verdict.code, r.verdict.message, at)
        for m in decided
        for r, at in ((r, m.case.created_at) for r in m.rulings)
    ]
    for start in range(0, len(checks), ROWS):
        insert_rows(
            IntakeCheck,
            ["case", "position", "rule", "outcome", "code", "message", "checked_at"],
            checks[start : start + ROWS],
        )
    AuditEvent.objects.bulk_create(event for m in decided for event in _events(m))
    replies = [
        (
            m.case.pk,
            Article.Kind.REPLY,
            m.agent,
            "portal",
            "<p>Lo revisamos.</p>",
            "Lo revisamos.",
            at,
        )
        for m in decided
        for at, what, _to in m.life
        if what == "replied"
    ]
    for start in range(0, len(replies), ROWS):
        insert_rows(
            Article,
            ["case", "kind", "author", "channel", "body_html", "body_text", "created_at"],
            replies[start : start + ROWS],
        )


def replace_consumption(case: Case) -> Case:
    """The case pointing at its consumption, now that the consumption has its key."""
    if case.consumption is not None:
        case.consumption_id = case.consumption.pk
    return case


def _events(made: Made) -> Iterator[AuditEvent]:
    """The "case.created" event (how its arrival went, as `_create` records it) and each status
    change of its life (as `tickets.services.move` records it)."""
    case = made.case
    target = ContentType.objects.get_for_model(Case)  # cached by Django
    label = str(case)[:200]
    yield AuditEvent(
        at=case.created_at,
        actor_label=SYSTEM_ACTOR,
        verb="case.created",
        content_type=target,
        object_id=str(case.pk),
        target_label=label,
        after=made.arrival,
        organization_id=case.organization_id,
    )
    status = made.arrival["status"]
    for at, what, to in made.life:
        if what != "status":
            continue
        yield AuditEvent(
            at=at,
            actor_id=made.agent,
            actor_label=f"scale agent {made.agent}",
            verb="case.status_changed",
            content_type=target,
            object_id=str(case.pk),
            target_label=label,
            before={"status": status},
            after={"status": to, "at": at.isoformat()},
            organization_id=case.organization_id,
        )
        status = to


def _write_counts(counted: Counted, written: dict[tuple[type, int], int]) -> None:
    """The quota counters as the batch's tickets left them (counted in memory): one UPDATE
    a table for the rows whose count changed."""
    changed = {key: used for key, used in counted.used.items() if written.get(key) != used}
    periods = [
        EntitlementPeriod(pk=pk, total_used=used)
        for (model, pk), used in changed.items()
        if model is EntitlementPeriod
    ]
    counters = [
        EntitlementCounter(pk=pk, used=used)
        for (model, pk), used in changed.items()
        if model is EntitlementCounter
    ]
    EntitlementPeriod.objects.bulk_update(periods, ["total_used"], batch_size=500)
    EntitlementCounter.objects.bulk_update(counters, ["used"], batch_size=500)
    written.update(changed)
