"""Every page people open, on a laptop (1366 px) and on a phone (390 px), as an agent and as a
client, on the desk the demo loader makes (issue 17, "Phones and small screens"): the page never
scrolls sideways (a wide table scrolls inside its own box) and axe-core finds nothing serious or
critical. The routes are read from the URL configuration, so a new page that nobody lists here
fails the first test until it is listed (with its address) or set aside (with the reason).

axe-core is vendored for the tests only (tests/browser/vendor/axe-core/, from the npm registry,
with its licence) and injected into each page; one browser context per person, one tab reused.
"""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db.models import Count
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page, expect

from tiquetera.channels.phone.services import log_call
from tiquetera.core.demo import load_demo
from tiquetera.core.demo.world import ADMIN_PASSWORD, AGENT_PASSWORD, CLIENT_PASSWORD
from tiquetera.directory.models import Contact
from tiquetera.directory.services import invite_contact
from tiquetera.directory.services.invitations import invitation_tokens
from tiquetera.inquiries.services import client_asked
from tiquetera.kb.models import Entry
from tiquetera.sla.services import WAITING
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import QUEUE_STATUSES

from .conftest import LAPTOP
from .world import es, jq_usr
from .world import sign_in as sign_in_as

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
WIDTHS = [LAPTOP, PHONE]
GRAVE = {"serious", "critical"}
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

# Routes that are not pages a person reads: actions (POST only), htmx fragments, downloads, the
# configuration (Django's admin, outside this issue) and the machine's own.
NOT_PAGES = {
    "healthz": "the load balancer's probe",
    "logout": "POST only",
    "set_language": "POST only",
    "desk:deadline": "htmx fragment of the home page",
    "desk:new_case_fields": "htmx fragment of the new case form",
    "desk:canned_text": "htmx fragment of the case page",
    "desk:case_action": "POST only",
    "desk:organization_standing": "POST only",
    "desk:contact_invite": "POST only",
    "desk:queue_view_save": "POST only",
    "desk:queue_view_delete": "POST only",
    "billing:statement_csv": "a CSV download",
    "reports:dashboard_csv": "a CSV download",
    "reports:sla_csv": "a CSV download",
    "tickets:attachment": "a file download",
    "phone:open_case": "POST only",
    "phone:record": "POST only",
    "phone:type_fields": "htmx fragment of the call page",
    "inquiries:answer": "POST only",
    "inquiries:close": "POST only",
    "inquiries:link": "POST only",
    "inquiries:file": "a file download",
    "inquiries:to_case": "POST only",
    "inquiries:from_call": "POST only",
    "inquiries:type_fields": "htmx fragment of the inquiry page",
    "portal:type_fields": "htmx fragment of the new case form",
    "portal:reply": "POST only",
    "portal:confirm": "POST only",
    "portal:reopen": "POST only",
    "portal:rate": "POST only",
    "portal:purchase_order": "POST only",
    "portal:price": "POST only",
    "portal:verify": "POST only",
    "portal:quote_decision": "POST only",
    "kb:rate": "POST only",
    "whatsapp:webhook": "a webhook",
    "portal:consent": "POST only",
    "desk:queue_bulk": "POST only",
    "desk:case_tags": "POST only (htmx fragment of the case page)",
    "desk:queue_organizations": "htmx fragment of the queue's organization filter",
    "desk:case_presence": "htmx fragment of the case page (POST)",
    "desk:case_clocks": "htmx fragment of the case page (the SLA clocks, every minute)",
    "metrics": "for Prometheus, with a token",
    # administrators only: test_admin_simulates_a_policy_change.py checks both at 1366 and 390 px
    "desk:simulator": "the Simulador, for who may change the policy (checked in its own test)",
    "desk:simulation": "a simulation's report, for the same (checked in its own test)",
    "desk:simulation_status": "htmx fragment of a simulation's page",
    "desk:simulation_csv": "a CSV download",
}
SKIPPED_NAMESPACES = {"admin"}  # and the API's (below); the admin's main pages: CONFIGURATION
# The configuration an administrator reads most (Django's admin): each list and one record's form.
CONFIGURATION = [
    "policy.policy",
    "calendars.calendar",
    "sla.slatarget",
    "contracts.plan",
    "contracts.contract",
    "directory.organization",
    "directory.contact",
    "tickets.case",
    "tickets.intakerule",
    "kb.entry",
    "desk.cannedresponse",
]
KB = {"kb:index", "kb:announcements", "kb:entry", "kb:print"}
AGENT_PAGES = {
    "desk:home",
    "desk:queue",
    "desk:case",
    "desk:case_form",
    "desk:new_case",
    "desk:search",
    "desk:organization",
    "desk:organization_new",
    "desk:organization_edit",
    "desk:contact",
    "desk:contact_new",
    "desk:contact_edit",
    "phone:calls",
    "phone:new",
    "phone:call",
    "inquiries:list",
    "inquiries:inquiry",
    "reports:dashboard",
    "billing:statement",
} | KB
CLIENT_PAGES = {
    "portal:home",
    "portal:new_case",
    "portal:case",
    "portal:submitted",
    "portal:verification",
    "portal:plan",
    "portal:search",
} | KB
VISITOR_PAGES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "portal_invitation",
}


def routed_names() -> set[str]:
    """Every named route outside the admin and the API, as "namespace:name"."""

    def walk(patterns: list[Any], namespace: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner in SKIPPED_NAMESPACES or str(pattern.pattern).startswith("api/"):
                    continue
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, ""))


def demo_pages() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """The demo desk, then the address of every page for an agent, a client and a visitor, and
    the logins."""
    demo = load_demo("jq-systems", cases_count=24)
    agent = next(login for login in demo.logins if login.password == AGENT_PASSWORD)
    usr = (
        Contact.objects.filter(organization__policy=demo.policy, role="usr", user__isnull=False)
        .select_related("user", "organization")
        .get()
    )
    organization = usr.organization
    own_case = Case.objects.filter(organization=organization).order_by("-pk").first()
    at_risk = (  # every SLA state shows in the queue: one case past its warning time (made so
        # below; which of the demo's cases are still on time depends on the hour it is loaded)
        Case.objects.filter(policy=demo.policy, status__in=QUEUE_STATUSES)
        .exclude(status__in=WAITING)
        .order_by("sla_breached", "pk")
        .first()
    )
    assert at_risk is not None, "the demo has no case in the queue"
    Case.objects.filter(pk=at_risk.pk).update(
        sla_breached=False,
        sla_due_at=timezone.now() + dt.timedelta(hours=3),
        sla_warn_at=timezone.now() - dt.timedelta(minutes=10),
    )
    busiest = (  # the case page with the most to show
        Case.objects.filter(policy=demo.policy)
        .annotate(files=Count("attachments"), steps=Count("modality_steps"))
        .order_by("-steps", "-files", "pk")
        .first()
    )
    contact = (
        Contact.objects.filter(organization=organization, user__isnull=True).order_by("pk").first()
    )
    article = Entry.objects.filter(kind=Entry.Kind.ARTICLE).order_by("pk").first()
    admin = get_user_model().objects.filter(is_superuser=True).get()
    call = log_call(
        organization=organization,
        contact=contact,
        number="3106149927",
        started_at=timezone.now() - dt.timedelta(minutes=20),
        duration_seconds=300,
        summary="Llamó porque la nómina de diciembre no calcula las horas extra.",
        actor=admin,
    )
    inquiry, _created = client_asked(
        usr,
        body="¿Cómo exporto la nómina de diciembre a Excel? La necesito para el contador.",
        channel="whatsapp",
        sent_at=timezone.now() - dt.timedelta(minutes=15),
    )
    today = timezone.localdate()
    word = own_case.subject.split()[-1]
    agent_pages = {
        "desk:home": reverse("desk:home"),
        "desk:queue": reverse("desk:queue"),
        "desk:case": reverse("desk:case", args=[busiest.number]),
        # a closed action of the case page as a page of its own (its link without JavaScript)
        "desk:case_form": reverse("desk:case_form", args=[busiest.number, "time"]),
        "desk:new_case": reverse("desk:new_case") + f"?contact={contact.pk}",
        "desk:search": reverse("desk:search") + f"?q={word}",
        "desk:organization": reverse("desk:organization", args=[organization.pk]),
        "desk:organization_new": reverse("desk:organization_new"),
        "desk:organization_edit": reverse("desk:organization_edit", args=[organization.pk]),
        "desk:contact": reverse("desk:contact", args=[usr.pk]),
        "desk:contact_new": reverse("desk:contact_new", args=[organization.pk]),
        "desk:contact_edit": reverse("desk:contact_edit", args=[usr.pk]),
        "phone:calls": reverse("phone:calls"),
        "phone:new": reverse("phone:new") + f"?organization={organization.pk}",
        "phone:call": reverse("phone:call", args=[call.pk]),
        "inquiries:list": reverse("inquiries:list"),
        "inquiries:inquiry": reverse("inquiries:inquiry", args=[inquiry.pk]),
        "reports:dashboard": reverse("reports:dashboard"),
        "billing:statement": reverse(
            "billing:statement", args=[organization.pk, today.year, today.month]
        ),
        "kb:index": reverse("kb:index"),
        "kb:announcements": reverse("kb:announcements"),
        "kb:entry": reverse("kb:entry", args=[article.slug]),
        "kb:print": reverse("kb:print", args=[article.slug]),
    }
    client_pages = {
        "portal:home": reverse("portal:home"),
        "portal:new_case": reverse("portal:new_case"),
        "portal:case": reverse("portal:case", args=[own_case.number]),
        "portal:submitted": reverse("portal:submitted", args=[own_case.number]),
        "portal:verification": reverse("portal:verification"),
        "portal:plan": reverse("portal:plan"),
        "portal:search": reverse("portal:search") + f"?q={word}",
        "kb:index": reverse("kb:index"),
        "kb:announcements": reverse("kb:announcements"),
        "kb:entry": reverse("kb:entry", args=[article.slug]),
        "kb:print": reverse("kb:print", args=[article.slug]),
    }
    newcomer = Contact.objects.filter(organization=organization, user__isnull=True).exclude(
        email=""
    )
    invited = newcomer.order_by("pk").first()
    invite_contact(invited, actor=admin)
    invited.refresh_from_db()
    uid = urlsafe_base64_encode(force_bytes(invited.user.pk))
    visitor_pages = {
        "login": reverse("login"),
        "password_reset": reverse("password_reset"),
        "password_reset_done": reverse("password_reset_done"),
        "password_reset_confirm": reverse(
            "password_reset_confirm",
            args=[
                urlsafe_base64_encode(force_bytes(usr.user.pk)),
                default_token_generator.make_token(usr.user),
            ],
        ),
        "password_reset_complete": reverse("password_reset_complete"),
        "portal_invitation": reverse(
            "portal_invitation", args=[uid, invitation_tokens.make_token(invited.user)]
        ),
    }
    logins = {"agent": agent.username, "client": usr.user.get_username()}
    return agent_pages, client_pages, visitor_pages, logins


def sign_in(page: Page, username: str, password: str) -> None:
    page.set_viewport_size(LAPTOP)
    page.goto("/accounts/login/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.get_by_role("button", name=es("Sign out"))).to_be_attached()


def problems_of(page: Page, name: str, url: str) -> list[str]:
    """What is wrong with one page at each width: its status, a page wider than the screen,
    axe-core's serious and critical violations."""
    found: list[str] = []
    page.set_viewport_size(LAPTOP)
    response = page.goto(url)
    status = response.status if response else 0
    if status != 200:
        found.append(f"{name} {url}: status {status}")
    page.add_script_tag(path=str(AXE))
    for size in WIDTHS:
        page.set_viewport_size(size)
        page.evaluate(NEXT_FRAMES)  # the pages' own scripts have answered the resize
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > size["width"]:
            found.append(f"{name} {url} at {size['width']} px: the page is {width} px wide")
        found += [
            f"{name} {url} at {size['width']} px: {violation}"
            for violation in grave_violations(page)
        ]
    return found


def grave_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands (axe injected)."""
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                where: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [
        f"{v['impact']} {v['id']} ({v['help']}) at {v['where']}"
        for v in violations
        if v["impact"] in GRAVE
    ]


@pytest.fixture
def tab(axe_tab: Page) -> Page:
    return axe_tab


def test_every_page_is_listed_or_set_aside():
    listed = AGENT_PAGES | CLIENT_PAGES | VISITOR_PAGES | set(NOT_PAGES)
    assert routed_names() - listed == set(), "pages nobody checks: list them here"
    assert listed - routed_names() == set(), "listed here but no longer routed"


def test_every_page_fits_a_phone_and_has_no_grave_accessibility_problem(tab: Page):
    agent_pages, client_pages, visitor_pages, logins = demo_pages()
    assert set(agent_pages) == AGENT_PAGES
    assert set(client_pages) == CLIENT_PAGES
    assert set(visitor_pages) == VISITOR_PAGES
    found: list[str] = []

    for name, url in visitor_pages.items():
        found += problems_of(tab, name, url)

    sign_in(tab, logins["agent"], AGENT_PASSWORD)
    for name, url in agent_pages.items():
        found += problems_of(tab, f"agent {name}", url)
    tab.context.clear_cookies()
    sign_in(tab, logins["client"], CLIENT_PASSWORD)
    for name, url in client_pages.items():
        found += problems_of(tab, f"client {name}", url)

    assert found == [], "\n".join(found)


def test_the_configuration_fits_a_phone_and_has_no_grave_accessibility_problem(tab: Page):
    """Django's admin, as the vendor's administrator (an agent with admin rights): the list and
    one record's form of each main catalog model, in Spanish, at 1366 and 390 px."""
    load_demo("jq-systems", cases_count=6)
    admin = get_user_model().objects.filter(is_superuser=True).get()
    pages: dict[str, str] = {"admin:index": reverse("admin:index")}
    for label in CONFIGURATION:
        model = apps.get_model(label)
        app, name = model._meta.app_label, model._meta.model_name
        pages[f"{label} list"] = reverse(f"admin:{app}_{name}_changelist")
        first = model._default_manager.order_by("pk").first()
        assert first is not None, f"the demo has no {label}"
        pages[f"{label} form"] = reverse(f"admin:{app}_{name}_change", args=[first.pk])
    sign_in(tab, admin.get_username(), ADMIN_PASSWORD)
    found: list[str] = []
    for name, url in pages.items():
        found += problems_of(tab, f"admin {name}", url)
        assert tab.locator("html").get_attribute("lang") == "es", url
    assert found == [], "\n".join(found)


def test_on_a_phone_the_portal_has_one_menu_that_opens_and_signs_out(tab: Page):
    """At 390 px the client's header is the brand, the search box and "Menú": the links and
    "Cerrar sesión" hide behind it and, opened, fit the screen; on a laptop they are a row."""
    jq_usr()
    sign_in_as(tab, "ana")
    header = tab.locator("header.site-header")
    menu_button = header.locator("summary", has_text=es("Menu"))
    sign_out = header.get_by_role("button", name=es("Sign out"))
    expect(menu_button).to_be_hidden()
    expect(header.get_by_role("link", name=es("My plan"))).to_be_visible()

    tab.set_viewport_size(PHONE)
    expect(tab.get_by_role("navigation")).to_have_count(1)
    expect(sign_out).to_be_hidden()
    menu_button.click()
    for name in ["My cases", "New case", "Cases to verify", "My plan", "Knowledge base"]:
        expect(header.get_by_role("link", name=es(name))).to_be_visible()
    expect(sign_out).to_be_visible()
    box = sign_out.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    tab.add_script_tag(path=str(AXE))
    assert grave_violations(tab) == []
    sign_out.click()
    expect(tab.get_by_label("Usuario")).to_be_visible()
