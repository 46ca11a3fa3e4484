"""Sisnova (seed 003_806de44c075e3486.txt), line 16: "Le pedimos que lea a continuación los
cambios que estarán vigentes a partir del 1 de julio de este año", and item 7 among them: "Toda
solicitud de soporte deberá ser ingresada a través de nuestro Portal de Soporte".

The vendor loads the new policy file ahead of time with `effective_from`; it waits, scheduled,
while the old rules stay in force (a case by email is taken); the worker applies it on July 1 at
midnight, Panama time (a case by email is refused with the portal's address). Cases taken in
before keep the rules and SLA targets they got; later ones get the new.

The first-response targets (8 hours before, 4 after) are an EXAMPLE of a changed target: the
seed states no response times."""

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from tiquetera.channels.email.fetching import fetch_all
from tiquetera.channels.email.tests.messages import email
from tiquetera.contracts.services import start_contract
from tiquetera.directory.models import Contact
from tiquetera.notifications.models import Notification
from tiquetera.policy.models import Policy, PolicyRevision
from tiquetera.policy.schema import PRESETS_DIR
from tiquetera.policy.tasks import apply_policy_revisions
from tiquetera.sla.models import Clock
from tiquetera.testing.factories import ContactFactory, OrganizationFactory
from tiquetera.tickets.models import Case

from .world import signed_in

pytestmark = pytest.mark.django_db

PANAMA = ZoneInfo("America/Panama")
PRESET = (PRESETS_DIR / "sisnova.toml").read_text(encoding="utf-8")
PORTAL_ONLY_RULE = """[[intake]]
rule = "channel"
form = ["portal", "api"]
other = "reject"
justification = "ignored"
"""

DESK = '[desk]\ncase_prefix = "SIS"\n'
EMAIL_AS_SUPPORT = DESK + 'channel_case_types = { email = "soporte" }\n'  # taken by email then


def first_response_within(hours: int) -> str:
    return f'\n[[sla.targets]]\nmetric = "first_response"\nwithin = "{hours}h"  # EXAMPLE\n'


def july_1() -> dt.date:
    """The next July 1 (the seed's "1 de julio de este año"), so the file always looks ahead."""
    today = timezone.localdate()
    return dt.date(today.year + (today >= dt.date(today.year, 7, 1)), 7, 1)


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    """The policy in force before July 1 (cases by any channel, first response in 8 hours) and
    the one from July 1 (the preset: through the portal only; first response in 4 hours)."""
    assert PORTAL_ONLY_RULE in PRESET and DESK in PRESET
    before = PRESET.replace(PORTAL_ONLY_RULE, "").replace(DESK, EMAIL_AS_SUPPORT)
    before += first_response_within(8)
    after = PRESET.replace(
        'language = "es"\n', f'language = "es"\neffective_from = {july_1().isoformat()}\n', 1
    ) + first_response_within(4)
    (tmp_path / "sisnova-antes.toml").write_text(before, encoding="utf-8")
    (tmp_path / "sisnova-julio.toml").write_text(after, encoding="utf-8")
    return str(tmp_path / "sisnova-antes.toml"), str(tmp_path / "sisnova-julio.toml")


@pytest.fixture
def loading(files) -> str:
    """Both files loaded by the operator, in Spanish: the old one now, the new one scheduled.
    What the command said."""
    out = io.StringIO()
    with translation.override("es"):
        call_command("policy", "load", files[0], stdout=out)
        call_command("policy", "load", files[1], stdout=out)
    return out.getvalue()


@pytest.fixture
def tienda(loading) -> Contact:
    """A LOCAL client of Sisnova with its monthly plan."""
    organization = OrganizationFactory(
        policy=Policy.objects.get(slug="sisnova"),
        legal_name="Tienda",
        country="PA",
        edition="LOCAL",
    )
    start_contract(
        organization, "local-mensual", start=timezone.localdate().replace(day=1), actor=None
    )
    return ContactFactory(organization=organization, role="usr", email="admin@tienda.pa")


def by_email(mailbox, subject: str) -> Case:
    mailbox.deliver(email(subject, "La factura 123 no imprime.", sender="Tienda <admin@tienda.pa>"))
    assert fetch_all().stored == 1
    return Case.objects.get(subject=subject)


def open_in_portal(contact: Contact, subject: str) -> Case:
    response = signed_in(contact).post(
        "/portal/cases/new/",
        {
            "case_type": "soporte",
            "shown_type": "soporte",
            "subject": subject,
            "description": "Al imprimir la factura 123 aparece el error E-501.",
        },
    )
    assert response.status_code == 302, response.content.decode()[-800:]
    return Case.objects.get(subject=subject)


def first_response_minutes(case: Case) -> int:
    return Clock.objects.get(case=case, metric="first_response").target_minutes


def test_the_july_rules_wait_scheduled_and_the_old_ones_stay(loading, files, tienda, mailbox):
    """Line 16: the changes are announced ahead — loading the July file schedules it, `policy
    status` says so in Spanish, and until then a case by email is still taken."""
    revision = PolicyRevision.objects.get(state=PolicyRevision.State.SCHEDULED)
    assert f"programada como la revisión {revision.pk}" in loading
    assert f"1 de julio de {july_1().year} a las 00:00 (America/Panama)" in loading

    out = io.StringIO()
    with translation.override("es"):
        call_command("policy", "status", "sisnova", stdout=out)
    status = out.getvalue()
    assert "Vigente: revisión" in status and files[0] in status
    assert f"Programada: la revisión {revision.pk} entra en vigor el 1 de julio" in status
    assert files[1] in status

    case = by_email(mailbox, "No imprime la factura")
    assert (case.channel, case.status, case.intake) == ("email", "open", "accepted")
    assert first_response_minutes(case) == 8 * 60


def test_from_july_1_every_request_goes_through_the_portal(tienda, mailbox):
    """Item 7, from July 1: the worker applies the new file at midnight in Panama; a case by
    email is refused with the portal's address, one in the portal is served with the new
    target, and the case taken in before keeps its rules and its clock's target."""
    before = by_email(mailbox, "Antes de julio")
    midnight = dt.datetime.combine(july_1(), dt.time(), PANAMA)

    assert apply_policy_revisions.call_local((midnight - dt.timedelta(minutes=1)).isoformat()) == []
    (applied,) = apply_policy_revisions.call_local(midnight.isoformat())

    refused = by_email(mailbox, "Después de julio")
    assert (refused.status, refused.intake_reason) == ("rejected", "wrong_channel")
    told = Notification.objects.get(kind="case_refused")
    assert "/portal/cases/new/" in told.text_body
    served = open_in_portal(tienda, "Por el portal, después de julio")
    assert served.status == "open" and first_response_minutes(served) == 4 * 60
    before.refresh_from_db()
    assert (before.status, first_response_minutes(before)) == ("open", 8 * 60)
    assert PolicyRevision.objects.get(pk=applied).state == PolicyRevision.State.APPLIED


def test_the_july_file_is_applied_once_however_often_the_worker_runs(loading):
    """Line 16, "vigentes a partir del 1 de julio": applied once, at its moment; the worker's
    next runs find nothing to do."""
    midnight = dt.datetime.combine(july_1(), dt.time(), PANAMA)
    assert len(apply_policy_revisions.call_local(midnight.isoformat())) == 1
    assert apply_policy_revisions.call_local(midnight.isoformat()) == []
    later = midnight + dt.timedelta(minutes=1)
    assert apply_policy_revisions.call_local(later.isoformat()) == []
    assert PolicyRevision.objects.filter(state=PolicyRevision.State.APPLIED).count() == 2
