"""The demo's cases: about three months of arrivals taken in through the one intake pipeline
(`submit` with their past `received_at`), then moved along by the lifecycle services with past
`at=` times — replied, waiting on the client, resolved, confirmed, rated, escalated or left open
(some of those past their deadlines) — so the SLA clocks come out as they would have. Each
backdated step's audit events carry its time too (`audit.services.backdated`), so a case's
history reads in the order things happened."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from tiquetera.audit.services import backdated
from tiquetera.contracts.selectors import remaining_allowance
from tiquetera.directory.models import Agent, Contact, Organization
from tiquetera.portal.services import rate_case
from tiquetera.tickets.articles import add_reply
from tiquetera.tickets.catalogue import catalogue
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.lifecycle.assignment import assign
from tiquetera.tickets.lifecycle.escalation import escalate_to_rd
from tiquetera.tickets.lifecycle.resolution import confirm_resolution, resolve
from tiquetera.tickets.models import Case, CaseType, Channel, Severity
from tiquetera.tickets.services import change_status
from tiquetera.tickets.statuses import Status

from . import people
from .world import World

DAYS = 90
CHANNELS = [  # (channel, weight)
    (Channel.PORTAL, 36),
    (Channel.EMAIL, 28),
    (Channel.PHONE, 16),
    (Channel.WHATSAPP, 12),
    (Channel.API, 5),
    (Channel.CHAT, 3),
]
JUSTIFICATIONS: dict[str, str] = {
    Channel.PHONE: "Llamó porque el sistema está detenido y necesitaba atención inmediata.",
    Channel.WHATSAPP: "Escribió por WhatsApp desde el celular: no tenía acceso al portal.",
    Channel.EMAIL: "Respondió a un correo nuestro con el problema.",
    Channel.CHAT: "Lo reportó en el chat del sitio web.",
    Channel.API: "Creado por la integración de su sistema de monitoreo.",
}
# What becomes of a case let in, by its age: (fate, weight)
FRESH = 3  # the latest arrivals stay as intake left them: a living desk has new cases
FATES_OLD = [("closed", 70), ("late", 12), ("resolved", 3), ("waiting", 4), ("working", 6)]
FATES_OLD += [("open", 5)]
FATES_RECENT = [("closed", 40), ("late", 5), ("resolved", 15), ("waiting", 12), ("working", 13)]
FATES_RECENT += [("escalated", 5), ("open", 10)]
FATES_NEW = [("closed", 8), ("resolved", 12), ("waiting", 15), ("working", 25)]
FATES_NEW += [("escalated", 5), ("open", 35)]


@dataclass(frozen=True)
class Arrival:
    at: dt.datetime
    organization: Organization
    requester: Contact
    channel: str


def arrivals(world: World, rng: random.Random, count: int, now: dt.datetime) -> list[Arrival]:
    """`count` arrivals over the last `DAYS` days, in the clients' working hours mostly, oldest
    first (so case numbers follow time); the busiest clients write most."""
    weights = [len(world.organizations) - n + 2 for n in range(len(world.organizations))]
    made = []
    for _n in range(count):
        organization = rng.choices(world.organizations, weights)[0]
        contacts = world.contacts[organization.pk]
        requester = contacts[0] if rng.random() < 0.85 else rng.choice(contacts)
        channel = rng.choices([c for c, _w in CHANNELS], [w for _c, w in CHANNELS])[0]
        made.append(
            Arrival(_moment(rng, now, organization.time_zone), organization, requester, channel)
        )
    return sorted(made, key=lambda arrival: arrival.at)


def within_plan(world: World, arrival: Arrival) -> Arrival | None:
    """Clients mostly keep within their plans: an arrival at a client whose capped plan has
    nothing left in that period goes to the next client that has some (None: nobody has).
    Per-event clients (every case waits for a purchase order) are left as drawn; the client
    chosen to run out (`World.exhausted`) does so this period, in `exhaust`."""
    start = world.organizations.index(arrival.organization)
    for organization in world.organizations[start:] + world.organizations[:start]:
        plan = world.plans[organization.pk]
        if plan.service_type == plan.ServiceType.PER_EVENT:
            if organization == arrival.organization:
                return arrival
            continue
        if organization.pk not in world.capped:
            left = None
        else:
            allowances = remaining_allowance(organization, arrival.at)
            left = allowances[0].total.left if allowances else None
        if left is None or left > 0:
            if organization == arrival.organization:
                return arrival
            requester = world.contacts[organization.pk][0]
            return replace(arrival, organization=organization, requester=requester)
    return None


def _moment(rng: random.Random, now: dt.datetime, time_zone: str) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(time_zone)
    while True:
        day = (now - dt.timedelta(days=rng.uniform(0, DAYS))).astimezone(zone).date()
        if day.weekday() >= 5 and rng.random() < 0.85:
            continue  # weekends are quiet
        hour = rng.choice([7, 8, 8, 9, 9, 9, 10, 10, 10, 11, 11, 12, 14, 14, 15, 15, 16, 17, 19])
        local = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), tzinfo=zone)
        if local < now - dt.timedelta(minutes=30):
            return local


def take_in(world: World, arrival: Arrival, rng: random.Random, agents: Sequence[User]) -> Case:
    """One arrival through the pipeline, as its channel would hand it over."""
    known = catalogue(world.policy.pk)
    types = sorted(known.case_types.values(), key=lambda t: (t.position, t.key))
    case_type = rng.choice(types) if types else None
    kind = case_type.kind if case_type else "incident"
    subject, description = rng.choice(people.STORIES.get(kind, people.STORIES["incident"]))
    fields = {
        key: rng.choice(people.FIELD_VALUES[key])
        for key in known.fields
        if key in people.FIELD_VALUES
    }
    severity = case_type.default_severity if case_type else ""
    if known.severities and rng.random() < 0.2:
        severity = rng.choice(sorted(known.severities))
    covered = world.covered.get(arrival.organization.pk) or []
    if covered and severity not in covered and rng.random() < 0.85:
        severity = rng.choice(covered)  # clients mostly ask for what their plan covers
    if arrival.organization.pk in world.capped:
        severity = _one_with_tickets_left(arrival, severity, known.severities)
    category = ""
    if known.scope and rng.random() < 0.02:  # out of scope: referred, rejected or consented
        category = rng.choice(known.scope).key
    contact = arrival.requester
    channel = arrival.channel
    request = IntakeRequest(
        channel=channel,
        subject=subject,
        description=description,
        organization=arrival.organization,
        requester=contact,
        requester_email=contact.email if channel == Channel.EMAIL else "",
        requester_phone=contact.phone,
        case_type=case_type.key if case_type else "",
        severity=severity,
        category=category,
        fields=fields,
        prerequisites_done=_prerequisites(case_type, rng),
        channel_justification=JUSTIFICATIONS.get(channel, ""),
        actor=rng.choice(agents) if channel == Channel.PHONE else None,
        received_at=arrival.at,
    )
    with backdated(arrival.at):  # its intake events dated when it arrived
        return submit(request)


def _one_with_tickets_left(arrival: Arrival, severity: str, severities: dict[str, Severity]) -> str:
    """`severity`, or another whose priority still has tickets this period when its own has
    none left (clients keep within their plan's quotas, but the one chosen to run out)."""
    allowances = remaining_allowance(arrival.organization, arrival.at)
    if not allowances:
        return severity
    used_up = {line.priority for line in allowances[0].priorities if line.left == 0}

    def priority(code: str) -> str:
        found = severities.get(code)
        return (found.priority if found else "") or code

    if priority(severity) not in used_up:
        return severity
    others = [code for code in sorted(severities) if priority(code) not in used_up]
    return others[0] if others else severity


def _prerequisites(case_type: CaseType | None, rng: random.Random) -> list[str]:
    steps = list(case_type.prerequisites or []) if case_type else []
    return steps if rng.random() < 0.93 else []  # some skip them: invalid where the policy says


def live(
    case: Case, world: World, rng: random.Random, agents: Sequence[User], now: dt.datetime
) -> str:
    """Move a case that was let in along a likely story for its age; returns the fate."""
    if case.status != Status.OPEN:
        return case.status  # parked or turned away at intake: it stays as the rules left it
    age = now - case.created_at
    fates = FATES_OLD if age > dt.timedelta(days=21) else FATES_RECENT
    fates = FATES_NEW if age < dt.timedelta(days=5) else fates
    fate = rng.choices([f for f, _w in fates], [w for _f, w in fates])[0]
    if fate == "open":
        return fate
    start = case.created_at
    first = start + (
        dt.timedelta(days=rng.uniform(2, 5))
        if fate == "late"
        else dt.timedelta(minutes=rng.uniform(15, 300))
    )
    if first >= now - dt.timedelta(minutes=10):
        return "open"
    agent = case.assignee
    if agent is None:  # no one had the skill: someone takes it from the queue
        agent = rng.choice(agents)
        taken = first - dt.timedelta(minutes=10)
        with backdated(taken):
            assign(case, agent=Agent.objects.get(user=agent), actor=world.admin, at=taken)
    started = first - dt.timedelta(minutes=5)
    with backdated(started):
        change_status(case, Status.IN_PROGRESS, actor=agent, at=started)
    with backdated(first):
        add_reply(
            case,
            body=rng.choice(people.REPLIES),
            actor=agent,
            channel=_reply_channel(case),
            at=first,
        )
    if fate == "working":
        return fate
    if fate == "escalated":
        try:
            escalate_to_rd(
                case,
                fix_due_on=timezone.localdate() + dt.timedelta(days=rng.randint(7, 30)),
                actor=agent,
                note="I+D lo reprodujo; la corrección sale en la próxima versión.",
            )
        except TicketsError:
            return "working"
        return fate
    if fate == "waiting":
        asked = first + dt.timedelta(minutes=rng.uniform(20, 240))
        if asked >= now:
            return "working"
        with backdated(asked):
            add_reply(
                case,
                body=rng.choice(people.WAITING),
                actor=agent,
                channel=_reply_channel(case),
                at=asked,
            )
            change_status(case, Status.WAITING_ON_CLIENT, actor=agent, at=asked)
        return fate
    solved = first + dt.timedelta(hours=rng.uniform(1, 60))
    if solved >= now - dt.timedelta(minutes=10):
        return "working"
    with backdated(solved):
        resolve(case, resolution=rng.choice(people.RESOLUTIONS), actor=agent, at=solved)
    if case.status == Status.CLOSED:  # the policy closes at once
        _rate(case, rng)
        return "closed"
    confirmed = solved + dt.timedelta(hours=rng.uniform(2, 72))
    if fate == "resolved" or confirmed >= now:
        return "resolved"
    with backdated(confirmed):
        confirm_resolution(case, actor=agent, at=confirmed)
    _rate(case, rng)
    return "closed"


def _reply_channel(case: Case) -> str:
    # WhatsApp and chat replies go out by email in the demo: no WhatsApp account is connected
    return Channel.EMAIL if case.channel in (Channel.WHATSAPP, Channel.CHAT) else case.channel


def _rate(case: Case, rng: random.Random) -> None:
    if case.requester is None or rng.random() > 0.6:
        return
    score = rng.choices([5, 4, 3, 2, 1], [45, 30, 12, 8, 5])[0]
    requester = case.requester
    rate_case(
        case,
        contact=requester,
        score=score,
        comment=people.RATING_COMMENTS[score],
        actor=requester.user or AnonymousUser(),
    )


def exhaust(world: World, rng: random.Random, agents: Sequence[User], now: dt.datetime) -> int:
    """Cases for `world.exhausted` in the current period until its plan has none left, and one
    more (refused, billed or waiting for a purchase order, as the plan says)."""
    organization = world.exhausted
    if organization is None:
        return 0
    contact = world.contacts[organization.pk][0]
    allowances = remaining_allowance(organization, now)
    left = allowances[0].total.left if allowances else None
    if left is None:
        return 0
    for n in range(left + 1, 0, -1):  # oldest first, ten minutes apart, all in this period
        arrival = Arrival(now - dt.timedelta(minutes=10 * n), organization, contact, Channel.PORTAL)
        take_in(world, arrival, rng, agents)
    return left + 1
