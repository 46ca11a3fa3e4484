"""The demo's world, made through the product's services: the vendor's agents and teams, client
organizations with their contacts (a USR each) and contracts on every plan, canned responses,
knowledge-base articles and announcements."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from tiquetera.audit.services import backdated
from tiquetera.contracts.models import Plan
from tiquetera.contracts.services import start_contract
from tiquetera.desk.models import CannedResponse
from tiquetera.directory import services as directory
from tiquetera.directory.models import Agent, Contact, Organization, Team
from tiquetera.inquiries.services import client_asked, takes_inquiries
from tiquetera.kb.models import Category, Entry
from tiquetera.kb.services import create_entry, publish_entry
from tiquetera.policy.models import Policy
from tiquetera.tickets.models import Channel

from . import people

# Demo-only passwords, printed by `tiquetera demo`: never use them anywhere else.
AGENT_PASSWORD = "agente-demo"
ADMIN_PASSWORD = "admin-demo"
CLIENT_PASSWORD = "cliente-demo"
DEMO_NOTE = "Datos de demostración (tiquetera demo)."
# What marks the demo's clients, also in a demo loaded before its note was in Spanish.
DEMO_NOTES = [DEMO_NOTE, "Demo data (tiquetera demo)."]
AGENTS_GROUP = "Agentes (demo)"
# The index of each preset among those of its country, so they get different clients.
PRESET_INDEX = {"jq-systems": 0, "soho-apps": 1, "isys": 2}
CLIENTS_PER_POLICY = 10
ROLES_BY_POSITION = (
    Contact.Role.USR,
    Contact.Role.MANAGER,
    Contact.Role.ADMINISTRATOR,
    Contact.Role.USER,
    Contact.Role.USER,
)


@dataclass
class World:
    policy: Policy
    admin: User
    agents: list[User]
    organizations: list[Organization]
    contacts: dict[int, list[Contact]]  # organization id -> its contacts, the USR first
    exhausted: Organization | None = None  # the client whose plan runs out this period
    behind: Organization | None = None
    covered: dict[int, list[str]] = field(default_factory=dict)  # severities of each one's plan
    plans: dict[int, Plan] = field(default_factory=dict)  # organization id -> its plan
    capped: set[int] = field(default_factory=set)  # clients whose plan counts tickets


def staff() -> tuple[User, list[User]]:
    """The vendor's staff (the same for every policy): an admin who is a superuser and vendor
    administrator, and agents in teams with product-module skills. Made once."""
    users = get_user_model().objects
    teams = {
        key: Team.objects.get_or_create(key=key, defaults={"name": name})[0]
        for key, name in people.TEAMS.items()
    }
    made: list[User] = []
    admin: User | None = None
    group = _agents_group()
    for spec in people.AGENTS:
        user, created = users.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@soporte.demo",
            },
        )
        if created:
            user.set_password(ADMIN_PASSWORD if spec.vendor_admin else AGENT_PASSWORD)
            user.is_superuser = spec.vendor_admin
            user.save()
        if not Agent.objects.filter(user=user).exists():
            directory.add_agent(
                user,
                [teams[key] for key in spec.teams],
                list(spec.skills),
                actor=admin,  # None for the admin itself: the operator at the command line
                is_vendor_admin=spec.vendor_admin,
            )
        if spec.vendor_admin:
            admin = user
        else:
            user.groups.add(group)
            made.append(user)
    assert admin is not None
    return admin, made


def _agents_group() -> Group:
    """The agents' rights in the configuration (`/admin/`): clients, contacts (and their portal
    invitations), the knowledge base and canned responses — a vendor sets its own groups."""
    group, _created = Group.objects.get_or_create(name=AGENTS_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["directory", "kb", "desk"],
            codename__regex=r"^(view|add|change)_",
        )
    )
    return group


def build(policy: Policy, admin: User, agents: list[User], rng: random.Random) -> World:
    """Organizations, contacts, contracts, canned responses and the knowledge base of `policy`."""
    world = World(policy, admin, agents, [], {})
    plans = list(Plan.objects.filter(policy=policy).order_by("tier_rank", "key"))
    clients = people.clients_for(
        policy.country or "CO", PRESET_INDEX.get(policy.slug, 0), CLIENTS_PER_POLICY
    )
    country = policy.country or "CO"
    chosen = plan_per_client(plans, len(clients))
    for position, (client, plan) in enumerate(zip(clients, chosen, strict=True)):
        organization = directory.create_organization(
            policy,
            directory.OrganizationFields(
                legal_name=client.legal_name,
                tax_id=client.tax_id,
                country=country,
                edition=plan.edition or client.edition,  # a plan for one edition covers only it
                notes=DEMO_NOTE,
            ),
            actor=admin,
        ).obj
        world.organizations.append(organization)
        world.contacts[organization.pk] = _contacts(organization, client, position, rng, admin)
    _contracts(world, chosen)
    if len(world.organizations) > 3:
        world.behind = world.organizations[-2]  # falls behind two weeks ago: `fall_behind`
    _portal_logins(world)
    _canned_responses(policy)
    _knowledge_base(policy, admin)
    return world


def _contacts(
    organization: Organization,
    client: people.Client,
    position: int,
    rng: random.Random,
    admin: User,
) -> list[Contact]:
    contacts = []
    country = organization.country
    mobile, landline = people.PHONES.get(country, people.PHONES["CO"])
    roles = ROLES_BY_POSITION[: 5 - position % 3]
    names = zip(
        rng.sample(people.FIRST_NAMES, len(roles)),
        rng.sample(people.LAST_NAMES, len(roles)),
        strict=True,
    )
    for n, (role, (first, last)) in enumerate(zip(roles, names, strict=True)):
        local = f"{first.split()[0]}.{last}".lower()
        email = (
            local.replace("á", "a")
            .replace("é", "e")
            .replace("í", "i")
            .replace("ó", "o")
            .replace("ú", "u")
            .replace("ñ", "n")
        )
        phone = (mobile if n % 2 == 0 else landline).format((position * 7 + n) % 100)
        fields = directory.ContactFields(
            name=f"{first} {last}",
            email=f"{email}@{client.domain}",
            phone=phone,
            whatsapp_opt_in=n == 0,
            role=role,
            language="en" if (position, n) == (4, 1) else "es",
        )
        contacts.append(directory.create_contact(organization, fields, actor=admin).obj)
    return contacts


def plan_per_client(plans: list[Plan], count: int) -> list[Plan]:
    """The plan of each client, the busiest first: every plan at least once; a per-event plan
    (every case waits for a purchase order) only on the last, quietest clients; the others
    take turns on the rest."""
    per_event = [plan for plan in plans if plan.service_type == Plan.ServiceType.PER_EVENT]
    regular = [plan for plan in plans if plan not in per_event] or plans
    chosen = [regular[n % len(regular)] for n in range(count - len(per_event))]
    return chosen + per_event[: count - len(chosen)]


def _contracts(world: World, plans: list[Plan]) -> None:
    """One contract per client on its plan (`plan_per_client`), started before the cases'
    three months. The plan with the smallest cap runs out this period for its last client, the
    quietest (`World.exhausted`)."""
    start = timezone.localdate() - dt.timedelta(days=200)
    capped = [plan for plan in plans if plan.total_cap]
    smallest = min(capped, key=lambda plan: plan.total_cap or 0) if capped else None
    for organization, plan in zip(world.organizations, plans, strict=True):
        legacy = plan.is_legacy
        start_contract(
            organization,
            plan,
            start=start,
            end=start + dt.timedelta(days=730) if legacy else None,
            legacy=legacy,
            actor=world.admin,
        )
        world.plans[organization.pk] = plan
        if plan.total_cap is not None or plan.quotas.exists():
            world.capped.add(organization.pk)
        world.covered[organization.pk] = list(plan.covered_severities or [])
        if plan == smallest:  # the last, quietest client on it
            world.exhausted = organization


def fall_behind(world: World, at: dt.datetime) -> None:
    """`world.behind` is marked behind on payments at `at` (its audit event dated then, so the
    policy simulator replays its standing as it was): its cases from then on are refused."""
    if world.behind is not None:
        with backdated(at):
            directory.set_payment_standing(
                world.behind, Organization.Standing.BEHIND, actor=world.admin
            )


def _portal_logins(world: World) -> None:
    """The first client's USR and plain user sign in to the portal with the demo password."""
    first = world.organizations[0]
    usr, *others = world.contacts[first.pk]
    plain = next((c for c in others if c.role == Contact.Role.USER), None)
    for contact in [usr, plain]:
        if contact is None:
            continue
        user = directory.grant_portal_login(contact, actor=world.admin).obj
        user.set_password(CLIENT_PASSWORD)
        user.save(update_fields=["password"])


def _canned_responses(policy: Policy) -> None:
    for title, body in people.CANNED_RESPONSES:
        CannedResponse.objects.get_or_create(policy=policy, title=title, defaults={"body": body})


def _knowledge_base(policy: Policy, admin: User) -> None:
    categories = {
        slug: Category.objects.get_or_create(
            policy=policy, slug=slug, defaults={"name": name, "position": n}
        )[0]
        for n, (slug, name) in enumerate(people.KB_CATEGORIES)
    }
    for category, title, body in people.KB_ARTICLES:
        entry = create_entry(
            policy, title=title, body_markdown=body, category=categories[category], actor=admin
        )
        publish_entry(entry, actor=admin)
    for title, body in people.ANNOUNCEMENTS:
        entry = create_entry(
            policy, title=title, body_markdown=body, kind=Entry.Kind.ANNOUNCEMENT, actor=admin
        )
        publish_entry(entry, actor=admin)


# Two questions by WhatsApp that are not cases (seed 002: "teléfono y WhatsApp para asesoría e
# información general"), for the desk's Consultas: under a policy that takes inquiries only.
QUESTIONS = (
    "Buenos días, ¿el módulo de nómina permite exportar el desprendible de pago a Excel?",
    "Hola, ¿cuál es el horario de atención del soporte el sábado?",
)


def inquiries(world: World, now: dt.datetime) -> int:
    """Open inquiries from the first clients' USRs, a few hours old; none when the policy does
    not take inquiries by WhatsApp."""
    made = 0
    for n, (organization, question) in enumerate(zip(world.organizations, QUESTIONS, strict=False)):
        if not takes_inquiries(organization, Channel.WHATSAPP):
            continue
        usr = world.contacts[organization.pk][0]
        sent_at = now - dt.timedelta(hours=2 + 3 * n)
        client_asked(usr, body=question, channel=Channel.WHATSAPP, sent_at=sent_at)
        made += 1
    return made
