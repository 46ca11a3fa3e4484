"""Feature requests, as seed 002 (JQ Systems) handles them: "JQ Systems creará un caso de estudio
sobre dicho requerimiento para determinar si se trata de un desarrollo a medida o una
funcionalidad para nuevas actualizaciones. Al tratarse de un desarrollo a medida se presentará
un presupuesto al cliente como servicio contractual que aplicará descuentos según el grado de su
suscripción; … informará al cliente … al liberar la actualización que la posea en caso de
aprobarse. Si se determina que la funcionalidad o requerimiento no es viable, JQ Systems se
reserva el derecho de rechazar dicha solicitud." """

import datetime as dt
from decimal import Decimal

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.tests.factories import ContractFactory, PlanFactory
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.study import (
    announce_release,
    put_on_roadmap,
    quote_custom_development,
    reject_feature,
    start_study,
)
from tiquetera.tickets.models import CaseType, FeatureStudy
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

Decision = FeatureStudy.Decision


def feature_request(policy=None, **kwargs):
    extra = {"organization__policy": policy} if policy is not None else {}
    case = CaseFactory(
        case_type="funcionalidad",
        status=Status.OPEN,
        requester_email=kwargs.pop("requester_email", "usr@cliente.co"),
        **extra,
        **kwargs,
    )
    CaseType.objects.get_or_create(
        policy=case.policy,
        key="funcionalidad",
        defaults={"name": "Nueva funcionalidad", "kind": CaseType.Kind.FEATURE},
    )
    return case


def studied(policy=None, **kwargs):
    case = feature_request(policy, **kwargs)
    start_study(case, actor=None)
    return case


def subscribe(case, discount, *, rank=100, currency="COP"):
    plan = PlanFactory(
        policy=case.policy, extra_services_discount=discount, tier_rank=rank, currency=currency
    )
    return ContractFactory(
        plan=plan, organization=case.organization, start=dt.date(2026, 1, 1), end=None
    )


def test_a_feature_request_is_studied():
    """Seed 002: "JQ Systems creará un caso de estudio sobre dicho requerimiento"."""
    agent, case = AgentFactory(), feature_request()

    study = start_study(case, actor=agent)

    assert (study.case, study.decision) == (case, Decision.PENDING)
    event = AuditEvent.objects.get()
    assert (event.verb, event.object_id, event.actor_id) == (
        "case.study_started",
        str(case.pk),
        agent.pk,
    )


def test_only_a_feature_request_is_studied():
    case = CaseFactory(case_type="support")

    with pytest.raises(TicketsError) as refused:
        start_study(case, actor=None)

    assert refused.value.code == "not_a_feature_request"
    assert not FeatureStudy.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_request_is_studied_once():
    case = studied()

    with pytest.raises(TicketsError) as refused:
        start_study(case, actor=None)

    assert refused.value.code == "study_exists"
    assert AuditEvent.objects.count() == 1


def test_custom_development_is_quoted_with_the_subscription_discount():
    """Seed 002: "un presupuesto … que aplicará descuentos según el grado de su suscripción" —
    the best plan in force (lowest tier rank) gives the discount."""
    agent, case = AgentFactory(), studied()
    subscribe(case, Decimal("10"), rank=2)
    subscribe(case, Decimal("25"), rank=1)

    study = quote_custom_development(case, amount=Decimal("2000000"), actor=agent)

    study.refresh_from_db()
    assert study.decision == Decision.CUSTOM
    assert (study.quote_amount, study.quote_discount, study.quote_net, study.currency) == (
        Decimal("2000000.00"),
        Decimal("25.00"),
        Decimal("1500000.00"),
        "COP",
    )
    assert (study.decided_by, study.decided_at is not None) == (agent, True)
    event = AuditEvent.objects.get(verb="case.study_quoted")
    assert event.after["quote_net"] == "1500000.00"
    assert AuditEvent.objects.count() == 2  # started, quoted
    mail = Notification.objects.get()
    assert (mail.kind, mail.to) == ("case_study_quote", "usr@cliente.co")
    assert "$\xa01.500.000,00 COP" in mail.text_body  # in the requester's language (es-CO)


def test_a_quote_is_rounded_half_up_to_the_cent_as_billing_rounds():
    case = studied()
    subscribe(case, Decimal("15"))

    study = quote_custom_development(case, amount=Decimal("333.33"), actor=None)

    # 15 % of 333.33 is 49.9995, shown as 50.00
    assert (study.quote_amount, study.quote_net) == (Decimal("333.33"), Decimal("283.33"))


def test_without_a_plan_in_force_the_quote_has_no_discount():
    case = studied()
    PlanFactory(policy=case.policy, extra_services_discount=Decimal("20"), currency="USD")

    study = quote_custom_development(case, amount=Decimal("100"), actor=None)

    assert (study.quote_discount, study.quote_net, study.currency) == (
        Decimal("0"),
        Decimal("100.00"),
        "USD",
    )


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), 12.5, Decimal("NaN")])
def test_a_quote_needs_an_exact_amount_above_zero(amount):
    case = studied()
    subscribe(case, Decimal("10"))

    with pytest.raises(TicketsError) as refused:
        quote_custom_development(case, amount=amount, actor=None)

    assert refused.value.code == "bad_amount"
    assert FeatureStudy.objects.get().decision == Decision.PENDING
    assert AuditEvent.objects.count() == 1
    assert not Notification.objects.exists()


def test_a_quote_without_any_plan_to_take_the_currency_from_is_refused():
    case = studied()

    with pytest.raises(TicketsError) as refused:
        quote_custom_development(case, amount=Decimal("100"), actor=None)

    assert refused.value.code == "no_currency"


def test_a_rejection_tells_the_requester_why():
    """Seed 002: "Si se determina que la funcionalidad … no es viable, … rechazar"."""
    case = studied()

    study = reject_feature(case, reason="Contradice la norma de la DIAN.", actor=None)

    assert (study.decision, study.reason) == (Decision.REJECTED, "Contradice la norma de la DIAN.")
    assert AuditEvent.objects.latest("pk").verb == "case.study_rejected"
    mail = Notification.objects.get()
    assert mail.kind == "case_study_rejected"
    assert "Contradice la norma de la DIAN." in mail.text_body


def test_a_rejection_needs_its_reason():
    case = studied()

    with pytest.raises(TicketsError) as refused:
        reject_feature(case, reason=" ", actor=None)

    assert refused.value.code == "reason_required"
    assert AuditEvent.objects.count() == 1


def test_a_decided_study_is_not_decided_again():
    case = studied()
    put_on_roadmap(case, release="2026.3", actor=None)

    with pytest.raises(TicketsError) as refused:
        reject_feature(case, reason="No", actor=None)

    assert refused.value.code == "study_decided"
    assert FeatureStudy.objects.get().decision == Decision.ROADMAP
    assert AuditEvent.objects.count() == 2
    assert Notification.objects.count() == 1


def test_no_decision_before_the_study_is_started():
    case = feature_request()

    with pytest.raises(TicketsError) as refused:
        put_on_roadmap(case, release="2026.3", actor=None)

    assert refused.value.code == "no_study"
    assert not AuditEvent.objects.exists()


def test_the_roadmap_decision_and_the_release_each_tell_the_requester_once():
    """Seed 002: JQ informs the client when the requirement is accepted, and again "al liberar
    la actualización que la posea"."""
    agent = AgentFactory()
    first = studied(requester_email="a@cliente.co")
    second = studied(first.policy, requester_email="b@cliente.co")
    later = studied(first.policy, requester_email="c@cliente.co")
    elsewhere = studied(requester_email="d@otro.co")  # another vendor's 2026.3
    for case in (first, second, elsewhere):
        put_on_roadmap(case, release="2026.3", actor=agent)
    put_on_roadmap(later, release="2027.1", actor=agent)
    assert Notification.objects.filter(kind="case_study_roadmap").count() == 4
    events_before = AuditEvent.objects.count()

    assert announce_release(first.policy, " 2026.3 ", actor=agent) == 2
    assert announce_release(first.policy, "2026.3", actor=agent) == 0

    published = Notification.objects.filter(kind="case_release_published")
    assert sorted(published.values_list("to", flat=True)) == ["a@cliente.co", "b@cliente.co"]
    assert FeatureStudy.objects.filter(release_notified_at__isnull=False).count() == 2
    event = AuditEvent.objects.get(verb="policy.release_announced")
    assert event.after == {"release": "2026.3", "cases": sorted([first.number, second.number])}
    assert AuditEvent.objects.count() == events_before + 1
