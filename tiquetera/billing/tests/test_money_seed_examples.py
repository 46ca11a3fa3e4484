"""The seed policies' charges worked out by hand. Each docstring cites its seed file under
/work/shared/seeds/; prices are illustrative, the seeds publish percents and rules, not prices."""

from __future__ import annotations

from decimal import Decimal

from tiquetera.billing.money import Discount, Money, bill_time, billing_discounts, price_line


def test_customsoft_intermedia_extra_service_gets_15_percent():
    """001 (CustomSoft): "Póliza INTERMEDIA ... Descuento en servicios adicionales del catálogo de
    servicios: 15%". An extra service at MXN 2,450.00: 15 % is 367.50, net 2,082.50."""
    line = price_line(
        Money(Decimal("2450.00"), "MXN"),
        1,
        billing_discounts(plan_tier=Discount("Póliza Intermedia", Decimal(15))),
    )
    assert line.steps[0].amount == Money(Decimal("367.50"), "MXN")
    assert line.net == Money(Decimal("2082.50"), "MXN")


def test_sisnova_web_client_extra_ticket_gets_40_percent():
    """003 (Sisnova): "Si usted es un usuario WEB y tiene contratado nuestro software como
    servicio en nuestra Nube, tendrá un descuento del 40%"; extra tickets when the month's are
    used up (item 6). Two extra tickets at PAB 35.00: gross 70.00, 40 % is 28.00, net 42.00."""
    line = price_line(
        Money(Decimal("35.00"), "PAB"),
        2,
        billing_discounts(cloud_edition=Discount("Edición WEB (nube)", Decimal(40))),
    )
    assert line.gross == Money(Decimal("70.00"), "PAB")
    assert line.steps[0].amount == Money(Decimal("28.00"), "PAB")
    assert line.net == Money(Decimal("42.00"), "PAB")


def test_jq_contractual_70_minutes_at_quarter_hour_bills_75_at_the_years_rate():
    """002 (JQ Systems): CONTRACTUAL service "por hora o fracción ... facturado según la tarifa de
    servicio especializado por hora / fracción estipulada ... para el año en curso". An urgency
    worked 1 h 10 min with a 15-minute fraction bills 1 h 15 min; at a year's rate of
    COP 180,000.00 per hour that is 1.25 x 180,000.00 = 225,000.00."""
    rate_2026 = Money(Decimal("180000.00"), "COP")
    assert bill_time(70, 15, rate_2026) == (75, Money(Decimal("225000.00"), "COP"))


def test_jq_custom_development_quote_with_subscription_discount():
    """002 (JQ Systems): a custom development is quoted "como servicio contractual que aplicará
    descuentos según el grado de su suscripción". 12 hours at COP 180,000.00 with an assumed
    level-3 discount of 10 %: gross 2,160,000.00, discount 216,000.00, net 1,944,000.00."""
    line = price_line(
        Money(Decimal("180000.00"), "COP"),
        12,
        billing_discounts(plan_tier=Discount("Suscripción nivel 3", Decimal(10))),
    )
    assert line.net == Money(Decimal("1944000.00"), "COP")
