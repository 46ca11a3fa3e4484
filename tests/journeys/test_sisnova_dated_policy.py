"""Sisnova (seed 003_806de44c075e3486.txt), line 16: "Le pedimos que lea a continuación los
cambios que estarán vigentes a partir del 1 de julio de este año", and item 7 among them: "Toda
solicitud de soporte deberá ser ingresada a través de nuestro Portal de Soporte".

The vendor loads the new policy file ahead of time with `effective_from`; it waits, scheduled,
while the old rules stay in force (a case by email is taken); the worker applies it on July 1 at
midnight, Panama time. A case is judged by the rules in force at its ARRIVAL: one that arrived
before (parked and let in after, an email fetched late) keeps the old rules and SLA targets; one
that arrives after the moment gets the new ones — by email it is refused with the portal's
address — even in the minute before the worker runs (the intake applies the due file first).
Waiting for July is not possible in a test: the journey that needs the moment to pass for real
dates the file a few seconds ahead (`effective_from` with a time of day, docs/policy.md).

The first-response targets (8 hours before, 4 after) are an EXAMPLE of a changed target: the
seed states no response times."""

import datetime as dt
import io
import time
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


def write_files(folder: Path, effective_from: str) -> tuple[str, str]:
    """The policy in force before the moment (cases by any channel, first response in 8 hours)
    and the one from `effective_from` (the preset: through the portal only; first response in 4
    hours)."""
    assert PORTAL_ONLY_RULE in PRESET and DESK in PRESET
    before = PRESET.replace(PORTAL_ONLY_RULE, "").replace(DESK, EMAIL_AS_SUPPORT)
    before += first_response_within(8)
    after = PRESET.replace(
        'language = "es"\n', f'language = "es"\neffective_from = {effective_from}\n', 1
    ) + first_response_within(4)
    (folder / "sisnova-antes.toml").write_text(before, encoding="utf-8")
    (folder / "sisnova-julio.toml").write_text(after, encoding="utf-8")
    return str(folder / "sisnova-antes.toml"), str(folder / "sisnova-julio.toml")


def load(files: tuple[str, str]) -> str:
    """Both files loaded by the operator, in Spanish: the old one now, the new one scheduled.
    What the command said."""
    out = io.StringIO()
    with translation.override("es"):
        call_command("policy", "load", files[0], stdout=out)
        call_command("policy", "load", files[1], stdout=out)
    return out.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    """The July file dated July 1 (midnight in Panama)."""
    return write_files(tmp_path, july_1().isoformat())


@pytest.fixture
def loading(files) -> str:
    return load(files)


@pytest.fixture
def tienda(loading) -> Contact:
    return client_of_sisnova()


def client_of_sisnova() -> Contact:
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


def by_email(mailbox, subject: str, text: str = "La factura 123 no imprime.") -> Case:
    mailbox.deliver(email(subject, text, sender="Tienda <admin@tienda.pa>"))
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


def reply_in_portal(contact: Contact, case: Case, body: str) -> None:
    response = signed_in(contact).post(f"/portal/cases/{case.number}/reply/", {"body": body})
    assert response.status_code == 302, response.content.decode()[-800:]


def first_response_minutes(case: Case) -> int:
    return Clock.objects.get(case=case, metric="first_response").target_minutes


def test_the_july_rules_wait_scheduled_and_the_old_ones_stay(loading, files, tienda, mailbox):
    """Line 16: the changes are announced ahead — loading the July file schedules it, `policy
    status` says so in Spanish, and until then a case by email is still taken."""
    revision = PolicyRevision.objects.get(state=PolicyRevision.State.SCHEDULED)
    assert f"programada como la revisión {revision.pk}" in loading
    assert f"1 jul {july_1().year} 00:00 (America/Panama)" in loading  # a short date, as lists

    out = io.StringIO()
    with translation.override("es"):
        call_command("policy", "status", "sisnova", stdout=out)
    status = out.getvalue()
    assert "Vigente: revisión" in status and files[0] in status
    assert (
        f"Programada: la revisión {revision.pk} entra en vigor el 1 jul {july_1().year}" in status
    )
    assert files[1] in status

    case = by_email(mailbox, "No imprime la factura")
    assert (case.channel, case.status, case.intake) == ("email", "open", "accepted")
    assert first_response_minutes(case) == 8 * 60


def test_a_case_that_arrived_before_july_1_keeps_the_old_rules_when_let_in_after(tienda, mailbox):
    """Line 16, "a partir del 1 de julio": the worker applies the July file at midnight in
    Panama. A case that arrived by email before, parked for its missing description and
    completed after, is judged by the rules of its arrival: taken by email, first response in 8
    hours — not refused for its channel (item 7) nor given the July target. So is an email sent
    before and fetched after."""
    parked = by_email(mailbox, "Antes de julio, sin descripción", text="")
    assert (parked.status, parked.intake_reason) == (
        "pending_information",
        "insufficient_information",
    )
    midnight = dt.datetime.combine(july_1(), dt.time(), PANAMA)
    assert apply_policy_revisions.call_local((midnight - dt.timedelta(minutes=1)).isoformat()) == []
    (applied,) = apply_policy_revisions.call_local(midnight.isoformat())
    assert PolicyRevision.objects.get(pk=applied).state == PolicyRevision.State.APPLIED

    reply_in_portal(tienda, parked, "Al imprimir la factura 123 aparece el error E-501.")
    parked.refresh_from_db()
    assert (parked.channel, parked.status, parked.intake) == ("email", "open", "accepted")
    assert first_response_minutes(parked) == 8 * 60
    late = by_email(mailbox, "Enviado antes de julio, leído después")
    assert (late.status, late.intake, first_response_minutes(late)) == ("open", "accepted", 480)
    assert not Notification.objects.filter(kind="case_refused").exists()


def test_a_case_in_the_minute_after_the_moment_gets_the_new_rules_without_the_worker(
    tmp_path, mailbox
):
    """Line 16 with the moment a few seconds ahead, so that it passes during the test: nobody
    runs the worker. The first case after the moment applies the due file itself — by email it
    is refused with the portal's address (item 7), in the portal it is served with the new
    target — while a case that arrived before, parked, and is completed after keeps the old."""
    old_file, _july = write_files(tmp_path, july_1().isoformat())
    call_command("policy", "load", old_file, stdout=io.StringIO())
    tienda = client_of_sisnova()
    parked = by_email(mailbox, "Antes del momento, sin descripción", text="")
    assert parked.status == "pending_information"
    # the July file, announced ahead: it takes effect in a few seconds
    moment = (timezone.now() + dt.timedelta(seconds=3)).astimezone(PANAMA).replace(microsecond=0)
    _old, july_file = write_files(tmp_path, moment.isoformat())
    call_command("policy", "load", july_file, stdout=io.StringIO())
    scheduled = PolicyRevision.objects.get(state=PolicyRevision.State.SCHEDULED)
    assert parked.created_at < moment
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.2)

    refused = by_email(mailbox, "Después del momento")
    assert (refused.status, refused.intake_reason) == ("rejected", "wrong_channel")
    assert "/portal/cases/new/" in Notification.objects.get(kind="case_refused").text_body
    scheduled.refresh_from_db()
    assert scheduled.state == PolicyRevision.State.APPLIED
    assert moment <= scheduled.applied_at <= refused.created_at + dt.timedelta(seconds=1)
    served = open_in_portal(tienda, "Por el portal, después del momento")
    assert served.status == "open" and first_response_minutes(served) == 4 * 60

    reply_in_portal(tienda, parked, "Al imprimir la factura 123 aparece el error E-501.")
    parked.refresh_from_db()
    assert (parked.status, parked.intake, first_response_minutes(parked)) == (
        "open",
        "accepted",
        480,
    )


def test_the_july_file_is_applied_once_however_often_the_worker_runs(loading):
    """Line 16, "vigentes a partir del 1 de julio": applied once, at its moment; the worker's
    next runs find nothing to do."""
    midnight = dt.datetime.combine(july_1(), dt.time(), PANAMA)
    assert len(apply_policy_revisions.call_local(midnight.isoformat())) == 1
    assert apply_policy_revisions.call_local(midnight.isoformat()) == []
    later = midnight + dt.timedelta(minutes=1)
    assert apply_policy_revisions.call_local(later.isoformat()) == []
    assert PolicyRevision.objects.filter(state=PolicyRevision.State.APPLIED).count() == 2
