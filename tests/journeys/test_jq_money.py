"""JQ Systems (seed 002_340504d33eeb239b.txt): the money rules in order — contractual service
billed "por hora o fracción" at the year's rate, and custom development quoted "como servicio
contractual que aplicará descuentos según el grado de su suscripción" — through the admin, the
API and the statement."""

import pytest
from django.test import Client
from django.utils import timezone

from tiquetera.billing.models import Charge, Quote
from tiquetera.billing.services import charge_is_exact
from tiquetera.testing.factories import UserFactory

from .world import client_of, open_case, signed_in, statement_lines

pytestmark = pytest.mark.django_db
BOGOTA = "America/Bogota"


def feature_request(usr):
    return open_case(
        usr,
        case_type="requerimiento",
        severity="S1",
        subject="Exportar la nómina a Excel",
        description="Necesitamos exportar la liquidación de nómina a una hoja de cálculo.",
        fields={"application": "JQ Nómina"},
    )


def test_contractual_time_is_billed_per_quarter_hour_at_the_years_rate(agent_client):
    """Seed 002, "Tipos de servicio": "CONTRACTUAL: servicio contratado por hora o fracción …
    facturado según la tarifa de servicio especializado por hora / fracción estipulada por JQ
    Systems para el año en curso": 70 minutes logged in the admin bill 75 (the preset's example
    fraction, a quarter hour) at the preset's example rate for the year, 95000.00 COP an hour."""
    organization, _usr = client_of("jq-systems", "contractual", time_zone=BOGOTA)
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = admin.post(
        "/admin/billing/timeentry/add/",
        {
            "organization": organization.pk,
            "worked_on": timezone.localdate().isoformat(),
            "minutes": 70,
            "description": "Urgencia: servidor detenido",
            "reference": "JQ-URG-1",
            "billable": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[-1500:]

    (line,) = statement_lines(agent_client, organization)
    assert (line["kind"], line["quantity"], line["unit_price"], line["net"]) == (
        "time",
        "1.25",
        "95000.00",
        "118750.00",
    )
    assert charge_is_exact(Charge.objects.select_related("time_entry").get(pk=line["id"]))


@pytest.mark.parametrize(
    ("level", "net"),
    [(1, "950000.00"), (2, "900000.00"), (3, "850000.00"), (4, "800000.00")],
)
def test_each_subscription_level_has_its_own_discount_on_a_custom_development(
    agent_client, level, net
):
    """Seed 002, "Solicitudes de nuevas funcionalidades": the custom development's quote
    "aplicará descuentos según el grado de su suscripción" — levels 1 to 4 (example discounts
    5, 10, 15 and 20 % in the preset)."""
    _organization, usr = client_of("jq-systems", f"suscripcion-{level}", time_zone=BOGOTA)
    case = feature_request(usr)
    assert agent_client.post(f"/api/v1/cases/{case.number}/study").status_code == 201
    study = agent_client.post(
        f"/api/v1/cases/{case.number}/study/quote",
        {"amount": "1000000.00"},
        content_type="application/json",
    ).json()
    assert (study["decision"], study["quote_amount"], study["quote_net"]) == (
        "custom",
        "1000000.00",
        net,
    )


def test_a_feature_study_quoted_from_the_catalogue_is_accepted_and_billed(agent_client):
    """Seed 002: "JQ Systems creará un caso de estudio … Al tratarse de un desarrollo a medida
    se presentará un presupuesto al cliente como servicio contractual que aplicará descuentos
    según el grado de su suscripción": ten hours of the catalogue's custom development for a
    level-3 subscriber (15 %), accepted by the USR and billed on the statement."""
    organization, usr = client_of("jq-systems", "suscripcion-3", time_zone=BOGOTA)
    case = feature_request(usr)
    agent_client.post(f"/api/v1/cases/{case.number}/study")
    study = agent_client.post(
        f"/api/v1/cases/{case.number}/study/quote",
        {"service": "desarrollo-a-la-medida", "quantity": "10"},
        content_type="application/json",
    ).json()
    assert (study["quote_amount"], study["quote_discount"], study["quote_net"]) == (
        "950000.00",
        "15.00",
        "807500.00",
    )

    usr_api = signed_in(usr)
    (quote,) = usr_api.get(f"/api/v1/organizations/{organization.pk}/quotes").json()
    assert (quote["reference"], quote["net"], quote["status"]) == (
        case.number,
        "807500.00",
        "proposed",
    )
    accepted = usr_api.post(f"/api/v1/organizations/{organization.pk}/quotes/{quote['id']}/accept")
    assert accepted.status_code == 200, accepted.content
    assert Quote.objects.get().status == Quote.Status.ACCEPTED

    (line,) = statement_lines(agent_client, organization)
    assert (line["kind"], line["gross"], line["net"]) == ("extra_service", "950000.00", "807500.00")
    assert line["discounts"] == [
        {"label": "Suscripción nivel 3", "percent": "15.00", "amount": "142500.00"}
    ]
