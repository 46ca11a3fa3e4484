"""Data at scale for benchmarks and load tests: `tiquetera seed --cases N`.

Cases are written with `bulk_create`, not through the intake pipeline: a million cases through
the pipeline would take most of an hour, and what the benchmarks measure (the queue page, the
breach sweep) reads the stored columns the pipeline writes — status, queue order, deadlines,
clocks — which are generated here with realistic shapes. The data is deterministic for a given
seed, and the command can add to what an earlier run made (numbers continue the sequence).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tiquetera.calendars.models import Calendar
from tiquetera.contracts.models import Contract, Plan
from tiquetera.directory.models import Agent, Contact, Organization, Team
from tiquetera.policy.models import Policy
from tiquetera.policy.revisions import load_file
from tiquetera.policy.schema import read_policy
from tiquetera.sla.models import Clock, Metric
from tiquetera.tickets.models import Case, CaseNumberSequence, Severity
from tiquetera.tickets.numbering import format_number
from tiquetera.tickets.statuses import QUEUE_STATUSES, Status
from tiquetera.tickets.workload import recount

BATCH = 5_000
CLOSED_STATUSES = (Status.CLOSED, Status.RESOLVED, Status.INVALID, Status.REJECTED)
OPEN_STATUSES = (*QUEUE_STATUSES, Status.WAITING_ON_CLIENT)
WARNING = dt.timedelta(hours=4)  # a clock's warning time before its due time
# each agent knows two of these modules, so auto-assignment has a choice to make
MODULES = ("Facturación", "Nómina", "Contabilidad", "Inventario")


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
    calendar: Calendar
    organizations: list[Organization]
    requesters: dict[int, Contact]
    plan_rank: dict[int, int]  # organization id -> its plan's rank
    severities: list[Severity]
    agents: list[int]  # user ids
    teams: list[Team]
    open_share: float


def seed(scale: Scale, progress: Callable[[int], None] = lambda n: None) -> int:
    """Add `scale.cases` cases (and the world they need, made once); returns how many."""
    rng = random.Random(scale.seed)
    world = _world(scale)
    now = timezone.now()
    year = now.year
    last = (
        CaseNumberSequence.objects.filter(policy=world.policy, year=year)
        .values_list("last", flat=True)
        .first()
        or 0
    )
    made = 0
    for batch in _batches(scale.cases, BATCH):
        cases = [_case(world, rng, now, year, last + made + i + 1) for i in range(batch)]
        with transaction.atomic():  # created_at is the generated arrival (a default, not auto)
            created = Case.objects.bulk_create(cases)
            Clock.objects.bulk_create(
                clock for case in created for clock in _clocks(world, case, now)
            )
            CaseNumberSequence.objects.update_or_create(
                policy=world.policy, year=year, defaults={"last": last + made + batch}
            )
        made += batch
        progress(batch)
    recount()  # bulk_create bypasses the agents' working-case counts
    return made


def _batches(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


def _world(scale: Scale) -> World:
    policy_file = read_policy(scale.preset)
    with transaction.atomic():
        loaded = load_file(policy_file)  # recorded as a revision, as `policy load` does
        assert loaded.report is not None, "the presets take effect at once (no effective_from)"
        policy = loaded.report.policy
        calendar = Calendar.objects.get(policy=policy, is_default=True)
        plans = list(Plan.objects.filter(policy=policy).order_by("tier_rank", "key"))
        existing = list(Organization.objects.filter(policy=policy, legal_name__startswith="Scale "))
        for n in range(len(existing), scale.organizations):
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
        organizations = list(
            Organization.objects.filter(policy=policy, legal_name__startswith="Scale ")
        )
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
    ranks = dict(
        Contract.objects.filter(organization__in=organizations).values_list(
            "organization_id", "plan__tier_rank"
        )
    )
    agents = list(User.objects.filter(username__startswith="scale-").values_list("pk", flat=True))
    severities = list(Severity.objects.filter(policy=policy).order_by("rank"))
    return World(
        policy,
        calendar,
        organizations,
        requesters,
        ranks,
        severities,
        agents,
        [team],
        scale.open_share,
    )


def _case(world: World, rng: random.Random, now: dt.datetime, year: int, sequence: int) -> Case:
    org = rng.choice(world.organizations)
    # the share of open cases, spread over the statuses agents act on
    is_open = rng.random() < world.open_share
    status = rng.choice(OPEN_STATUSES) if is_open else rng.choice(CLOSED_STATUSES)
    severity = rng.choice(world.severities) if world.severities else None
    created = now - dt.timedelta(minutes=rng.randrange(1, 60 * 24 * 365))
    due = None
    breached = False
    if is_open and status != Status.WAITING_ON_CLIENT:
        due = now + dt.timedelta(minutes=rng.randrange(-3 * 24 * 60, 5 * 24 * 60))
        breached = due < now
    assignee = rng.choice(world.agents) if is_open and rng.random() < 0.7 else None
    if not is_open:
        assignee = rng.choice(world.agents)
    return Case(
        number=format_number("JQ", year, sequence),
        number_prefix="JQ",
        policy=world.policy,
        organization=org,
        requester=world.requesters.get(org.pk),
        channel="portal",
        case_type="incidencia",
        severity=severity.code if severity else "",
        priority=severity.priority if severity else "",
        subject=f"Caso de prueba {sequence}",
        status=status,
        intake=Case.Intake.ACCEPTED,
        plan_rank=world.plan_rank.get(org.pk, 32767),
        severity_rank=severity.rank if severity else 32767,
        sla_due_at=due,
        sla_warn_at=due - WARNING if due else None,
        sla_breached=breached,
        assignee_id=assignee,
        team=world.teams[0] if assignee else None,
        waiting_since=created if status == Status.WAITING_ON_CLIENT else None,
        created_at=created,
    )


def _clocks(world: World, case: Case, now: dt.datetime) -> Iterator[Clock]:
    if case.sla_due_at is None:
        return
    breached = case.sla_breached
    yield Clock(
        case=case,
        metric=Metric.RESOLUTION,
        calendar=world.calendar,
        target_minutes=24 * 60,
        state=Clock.State.RUNNING,
        started_at=case.created_at,
        running_since=case.created_at,
        due_at=case.sla_due_at,
        warn_at=case.sla_due_at - WARNING,
        warned_at=now if breached else None,
        breached_at=case.sla_due_at if breached and _half(case) else None,
    )


def _half(case: Case) -> bool:
    """Half the breached clocks were already marked by an earlier sweep; the rest are due."""
    return case.pk is not None and case.pk % 2 == 0
