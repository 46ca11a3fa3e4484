"""What people read is words (issue 17, "Labels, never codes"): every page for agents and
clients, every CSV and every email template (each kind, whether or not the demo sent it) of a
realistic desk (the jq-systems demo), rendered in Spanish, holds no internal code — our rules',
flags', reasons', statuses' and audit verbs' snake_case or dotted identifiers — and no English
sentence left untranslated."""

import contextlib
import datetime as dt
import html.parser
import pathlib
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone, translation

import tiquetera
from tiquetera.contracts.models import Contract
from tiquetera.core import labels
from tiquetera.core.demo import load_demo
from tiquetera.directory.models import Contact, Organization
from tiquetera.kb.models import Entry
from tiquetera.notifications.models import Notification
from tiquetera.reports.charts import CHARTS
from tiquetera.testing.shared_world import shared_world
from tiquetera.tickets.intake.rules import FUNCTIONS
from tiquetera.tickets.models import Case, FeatureStudy

SKIPPED = ("admin/", "api/", "static/", "accounts/", "i18n/", "healthz")
CODE = re.compile(
    r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"  # other_channel, active_plan
    r"|\b(?:agent|api_token|billing|call|case|config|consumption|contact|contract|email|kb"
    r"|organization|policy|purchase_order|whatsapp)\.[a-z_]+\b"  # case.rated
)
# Words of English that Spanish never uses: one of them in the Spanish output is a message
# left untranslated.
ENGLISH = re.compile(
    r"\b(?:the|and|with|your|this|that|from|have|has|was|were|will|please|which|should|been"
    r"|would|could|there|their|they|are|not|yet|none|nothing|open|opened|closed|waiting"
    r"|assigned|reply|replies|save|edit|delete|search|previous|next|back|minutes?|hours?"
    r"|days?|business|case|cases|status|agent|client|severity|due|breached|met)\b",
    re.IGNORECASE,
)
URL = re.compile(r"\bhttps?://\S+|\S+@\S+")  # links and addresses are not words
SOURCE = pathlib.Path(tiquetera.__file__).parent


class VisibleText(html.parser.HTMLParser):
    """The text a person reads or hears: element text and the attributes shown or spoken. A text
    box's content is the user's own (the Simulador's box holds the policy file as written)."""

    SHOWN = ("title", "placeholder", "aria-label", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "textarea"):
            self.hidden += 1
        given = dict(attrs)
        self.parts += [given[name] or "" for name in self.SHOWN if name in given]
        if tag == "input" and given.get("type") == "submit":
            self.parts.append(given.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible(page: str) -> str:
    parser = VisibleText()
    parser.feed(page)
    return "\n".join(part for part in parser.parts if part.strip())


def routes() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return [r for r in walk(get_resolver().url_patterns) if not r.startswith(SKIPPED)]


def slips(text: str) -> list[str]:
    """The codes and English words in `text`, each with the line it is on."""
    found = []
    for line in URL.sub(" ", text).splitlines():
        found += [f"{match!r} in {line.strip()[:120]!r}" for match in CODE.findall(line)]
        found += [f"{match!r} in {line.strip()[:120]!r}" for match in ENGLISH.findall(line)]
    return found


@pytest.fixture(scope="module")
def demo_desk(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module's three readings (each test's changes are rolled
    back, and the module's load at its end)."""
    with (
        override_settings(LANGUAGE_CODE="es"),
        shared_world(django_db_blocker, lambda: load_demo("jq-systems", cases_count=40)) as desk,
    ):
        yield desk


@pytest.fixture
def demo(demo_desk, settings):
    settings.LANGUAGE_CODE = "es"
    return demo_desk


def pages(demo, user: User, organization: Organization) -> list[str]:
    """Every routed page, with a case of each status (`user`'s organization's, for a client)."""
    policy = demo.policy
    cases = Case.objects.filter(policy=policy).order_by("pk")
    if not user.is_staff:
        cases = cases.filter(organization=organization)
    one_per_status: dict[str, str] = {}
    for status, number in cases.values_list("status", "number"):
        one_per_status.setdefault(status, number)
    today = timezone.localdate()
    values = {
        "organization_id": organization.pk,
        "contact_id": Contact.objects.filter(organization=organization).first().pk,
        "year": today.year,
        "month": today.month,
        "slug": policy.slug,
        "action": "reply",
        "chart": next(iter(CHARTS)),
    }
    urls = []
    for route in routes():
        for number in one_per_status.values() if "<str:number>" in route else [""]:
            values["number"] = number
            try:
                urls.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), route))
            except KeyError:  # a page about a call, a quote, an attachment: not in the walk
                continue
    return urls


def read(browser: Client, url: str) -> str | None:
    response = browser.get(url)
    if response.status_code != 200:
        return None
    body = response.content.decode()
    return visible(body) if "html" in response.get("Content-Type", "") else body


@pytest.mark.django_db
def test_pages_and_csvs_read_in_spanish_words_for_agents_and_clients(demo):
    usr = Contact.objects.filter(
        organization__policy=demo.policy, user__isnull=False, role=Contact.Role.USR
    ).first()
    agent, client = Client(), Client()
    agent.force_login(User.objects.get(username="admin"))
    client.force_login(usr.user)
    first, last = timezone.localdate() - dt.timedelta(days=120), timezone.localdate()
    csvs = [
        f"/reports/{demo.policy.slug}/sla.csv?start={first}&end={last}&by={by}"
        for by in ("severity", "organization", "agent")
    ] + [f"/reports/dashboard/{chart}.csv?policy={demo.policy.slug}" for chart in CHARTS]
    walks = [
        (agent, pages(demo, User.objects.get(username="admin"), usr.organization) + csvs),
        (client, pages(demo, usr.user, usr.organization)),
    ]
    found, read_pages = {}, 0
    for browser, urls in walks:
        for url in urls:
            text = read(browser, url)
            if text is not None:
                read_pages += 1
                found.update({f"{url}: {slip}": 1 for slip in slips(text)})
    assert list(found) == []
    assert read_pages > 50  # the walk reached the desk's and the portal's pages


@pytest.mark.django_db
def test_emails_read_in_spanish_words_and_link_to_the_case_in_the_portal(demo):
    emails = Notification.objects.exclude(kind="").order_by("pk")
    kinds = set(emails.values_list("kind", flat=True))
    assert len(kinds) >= 5
    found = []
    for email in emails:
        found += [f"{email.kind}: {slip}" for slip in slips(f"{email.subject}\n{email.text_body}")]
        number = email.headers.get("X-Tiquetera-Case")
        if number and email.kind.startswith("case_"):
            assert re.search(rf"/portal/[a-z/]+/{number}/", email.text_body), email.kind
    assert found == []


def test_every_rule_flag_reason_and_audit_verb_the_code_writes_has_a_label():
    """The labels are complete: each intake rule, each code given to `flag`, `park` or
    `reject` (or appended to a case's flags), each audit verb written."""
    source = "\n".join(
        path.read_text()
        for path in SOURCE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    )
    reasons = set(
        re.findall(r'\b(?:flag|park|reject)\(\s*(?:Status\.\w+,\s*)?"([a-z_]+)"', source)
        + re.findall(r'\bflags\.append\("([a-z_]+)"\)', source)
    )
    verbs = set(re.findall(r'(?:verb=|Entry\(\s*[\w.]+,\s*)"([a-z_]+\.[a-z_.]+)"', source))
    assert len(reasons) > 15 and len(verbs) > 30  # the patterns still find what they look for
    assert set(FUNCTIONS) - set(labels.RULES) == set()
    assert reasons - set(labels.REASONS) == set()
    assert verbs - set(labels.VERBS) == set()
    assert labels.reason_label("other_channel") == "Llegó por otro canal"
    assert labels.verb_label("case.rated") == "Servicio calificado por el cliente"
    assert labels.rule_label("a_new_rule") == "A new rule"  # never the bare identifier


def email_kinds() -> set[str]:
    """Every email the product can send: one folder of templates per kind."""
    return {
        folder.name
        for folder in SOURCE.glob("**/templates/notifications/*")
        if folder.is_dir() and "tests" not in folder.parts
    }


@pytest.mark.django_db
def test_every_email_template_reads_in_spanish_words_with_the_long_date_style(demo):
    """Each email kind rendered in Spanish with a realistic desk's records — not only those the
    demo happened to send — holds no code, no English and no raw time zone, and writes dates
    in the long style ("lunes 7 de diciembre de 2026")."""
    case = (
        Case.objects.filter(policy=demo.policy, requester__isnull=False, assignee__isnull=False)
        .select_related("requester", "assignee", "organization")
        .order_by("pk")
        .first()
    )
    contract = Contract.objects.filter(organization=case.organization).first()
    due = dt.datetime(2026, 12, 7, 20, 5, tzinfo=dt.UTC)
    study = FeatureStudy(
        case=case,
        reason="Se sale del alcance del producto.",
        quote_amount=Decimal("1500000.00"),
        quote_discount=Decimal("10.00"),
        quote_net=Decimal("1350000.00"),
        currency="COP",
        release="4.2",
    )
    context = {
        "case": case,
        "contact": case.requester,
        "organization": case.organization,
        "contract": contract,
        "plan": contract.plan if contract else None,
        "name": case.requester.name,
        "agent_name": "Laura Gómez",
        "article": case.articles.order_by("pk").first(),
        "study": study,
        "entry": Entry.objects.filter(kind=Entry.Kind.ARTICLE).first(),
        "entry_url": "https://soporte.example.test/kb/x/",
        "fix_due_on": dt.date(2026, 12, 14),
        "previous_fix_due_on": dt.date(2026, 12, 7),
        "metric": "solución",
        "due": due,
        "zone": "America/Bogota",
        "closed": True,
        "sender": "alguien@example.test",
        "subject": "No liquida las horas extra",
        "days": 7,
        "link": "https://soporte.example.test/invitacion/x/",
        "username": "ana",
        "user": case.requester.user or User.objects.get(username="admin"),
        "site_url": "https://soporte.example.test",
        "domain": "soporte.example.test",
        "protocol": "https",
        "uid": "MQ",
        "token": "cz1k2m-0123456789abcdef",
        "email": "ana@example.test",
        "language": "es",
    }
    assert len(email_kinds()) >= 20
    found: list[str] = []
    with translation.override("es"):
        for kind in sorted(email_kinds()):
            parts = [
                render_to_string(f"notifications/{kind}/{n}.txt", context)
                for n in ("subject", "body")
            ]
            with contextlib.suppress(TemplateDoesNotExist):
                parts.append(visible(render_to_string(f"notifications/{kind}/body.html", context)))
            text = "\n".join(parts)
            found += [f"{kind}: {slip}" for slip in slips(text)]
            found += [f"{kind}: a raw time zone" for _ in re.findall(r"America/\w+", text)]
            if kind.startswith("sla_"):
                assert "lunes 7 de diciembre de 2026, 3:05 p. m. (hora de Bogotá)" in text, kind
            if kind in ("case_escalated", "case_fix_date_changed"):
                assert "lunes 14 de diciembre de 2026" in text, kind
    assert found == []
