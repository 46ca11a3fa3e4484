"""`tiquetera demo`'s data: a realistic desk for one of the bundled policies, made through the
product's own services and its one intake pipeline (see `world` and `cases`).

Deterministic (a `random.Random` seeded by the policy's name: the same clients, people and
stories every time, dated back from today) and idempotent: a policy that already has the demo's
clients gets nothing more (`DemoResult.already_loaded`). Everything is written in one
transaction, so a failed load leaves nothing half made.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiquetera.directory.models import Contact, Organization
from tiquetera.notifications.models import Notification
from tiquetera.policy.models import Policy
from tiquetera.policy.revisions import load_file
from tiquetera.policy.schema import read_policy
from tiquetera.sla.sweep import sweep
from tiquetera.tickets.models import Case

from . import cases, world
from .world import ADMIN_PASSWORD, AGENT_PASSWORD, CLIENT_PASSWORD, DEMO_NOTES

CASES = 300
BEHIND_SINCE = dt.timedelta(days=15)  # one client stopped paying about two weeks ago


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    who: str


@dataclass
class DemoResult:
    policy: Policy
    already_loaded: bool = False
    organizations: int = 0
    contacts: int = 0
    cases: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    logins: list[Login] = field(default_factory=list)


def load_demo(preset: str, *, cases_count: int = CASES) -> DemoResult:
    """Load the preset policy (`policy load`: unchanged when already loaded), then, once per
    policy, its demo desk: the vendor's staff, ~10 clients with contacts and contracts, canned
    responses, the knowledge base and `cases_count` cases over the last three months (plus the
    ones that use up the capped plan of one client this period)."""
    policy_file = read_policy(preset)
    with transaction.atomic():
        loaded = load_file(policy_file)  # recorded as a revision, as `policy load` does
        assert loaded.report is not None, "the presets take effect at once (no effective_from)"
        policy = loaded.report.policy
        admin, agents = world.staff()
        demo_clients = Organization.objects.filter(policy=policy, notes__in=DEMO_NOTES)
        if demo_clients.exists():
            result = DemoResult(policy, already_loaded=True)
            result.logins = _logins(policy)
            return result
        rng = random.Random(zlib.crc32(policy.slug.encode()))
        now = timezone.now()
        first_email = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
        made = world.build(policy, admin, agents, rng)
        fell_behind = False
        count = 0
        drawn_all = cases.arrivals(made, rng, cases_count, now)
        for n, drawn in enumerate(drawn_all):
            if not fell_behind and drawn.at > now - BEHIND_SINCE:
                world.fall_behind(made, now - BEHIND_SINCE)  # its later cases are refused
                fell_behind = True
            arrival = cases.within_plan(made, drawn)
            if arrival is None:
                continue
            case = cases.take_in(made, arrival, rng, agents)
            if n < len(drawn_all) - cases.FRESH:  # the latest arrivals nobody has taken yet
                cases.live(case, made, rng, agents, now)
            count += 1
        extra = cases.exhaust(made, rng, agents, now)
        world.inquiries(made, now)
        while sweep(timezone.now()).breached:  # what is past its deadline now shows as breached
            pass
        # The history's emails belong to the past: recorded as sent, not sent to these addresses.
        Notification.objects.filter(
            pk__gt=first_email or 0, status=Notification.Status.PENDING
        ).update(status=Notification.Status.SENT, sent_at=now)
    result = DemoResult(
        policy,
        organizations=len(made.organizations),
        contacts=sum(len(c) for c in made.contacts.values()),
        cases=count + extra,
        statuses=Counter(Case.objects.filter(policy=policy).values_list("status", flat=True)),
    )
    result.logins = _logins(policy)
    return result


def _logins(policy: Policy) -> list[Login]:
    logins = [
        Login("admin", ADMIN_PASSWORD, _("administrator (desk and configuration)")),
        Login("agente", AGENT_PASSWORD, _("agent %(name)s") % {"name": "Ana Torres"}),
        Login("carlos", AGENT_PASSWORD, _("agent %(name)s") % {"name": "Carlos Mejía"}),
    ]
    portal = Contact.objects.filter(
        organization__policy=policy, organization__notes__in=DEMO_NOTES, user__isnull=False
    ).select_related("organization", "user")
    for contact in sorted(portal, key=lambda c: c.role != Contact.Role.USR):
        if contact.role == Contact.Role.USR:
            who = _("supervisor (USR) %(name)s of %(organization)s, in the client portal")
        else:
            who = _("client user %(name)s of %(organization)s, in the client portal")
        logins.append(
            Login(
                contact.user.get_username() if contact.user else "",
                CLIENT_PASSWORD,
                who % {"name": contact.name, "organization": contact.organization.legal_name},
            )
        )
    return logins


__all__ = ["CASES", "DemoResult", "Login", "load_demo"]
