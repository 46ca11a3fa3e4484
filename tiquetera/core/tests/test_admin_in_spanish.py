"""The configuration (Django's admin) speaks whole Spanish sentences (issue 17): "Se agregó
correctamente: organización …", never "El organización … fue agregado"; its sections are named
in Spanish, never CALENDARS, DESK or POLICY."""

import pytest
from django.apps import apps

from tiquetera.directory.tests.test_admin_pages import _organization_form
from tiquetera.testing.factories import PolicyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="jefa", is_staff=True, is_superuser=True))
    return client


def test_adding_a_feminine_model_reads_as_a_whole_sentence(admin_client):
    policy = PolicyFactory()
    response = admin_client.post(
        "/admin/directory/organization/add/", _organization_form(policy), follow=True
    )
    page = response.content.decode()
    assert "Se agregó correctamente: organización" in page
    assert "El organización" not in page and "fue agregado" not in page


def test_every_section_of_the_configuration_has_a_spanish_name(admin_client):
    page = admin_client.get("/admin/").content.decode()
    for config in apps.get_app_configs():
        if config.name.startswith("tiquetera."):
            assert config.verbose_name != config.label.title(), config.name
    for spanish in ("Calendarios", "Política de soporte", "Mesa de los agentes"):
        assert spanish in page
    assert ">Calendars<" not in page and ">Policy<" not in page


def test_the_date_widgets_speak_spanish(admin_client):
    """The admin's calendar and its "Today" shortcut read in Spanish (its JavaScript catalogue),
    and a date field is the admin's date widget."""
    form = admin_client.get("/admin/contracts/contract/add/").content.decode()
    assert 'class="vDateField"' in form and "DateTimeShortcuts.js" in form
    catalogue = admin_client.get("/admin/jsi18n/").content.decode()
    assert '"Today": "Hoy"' in catalogue and '"Cancel": "Cancelar"' in catalogue


def test_the_sign_in_lockout_pages_speak_spanish(admin_client):
    """django-axes ships no Spanish: its section, models, columns, filters and fields read in
    our words (`core/axes_words.py`), never "Access attempts" or "Attempt Time"."""
    from axes.models import AccessAttempt
    from django.utils import translation

    from tiquetera.core.axes_words import WORDS

    attempt = AccessAttempt.objects.create(
        username="ana",
        ip_address="10.0.0.7",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=3,
    )
    index = admin_client.get("/admin/").content.decode()
    listing = admin_client.get("/admin/axes/accessattempt/").content.decode()
    detail = admin_client.get(f"/admin/axes/accessattempt/{attempt.pk}/change/").content.decode()

    assert "Bloqueo de inicio de sesión" in index and "Intentos de acceso" in index
    assert ">Axes<" not in index and "Access attempts" not in index
    assert "Hora del intento" in listing and "Dirección IP" in listing and "Bloqueado" in listing
    assert "Datos del formulario" in detail and "Metadatos" in detail
    for page in (listing, detail):
        for english in ("Attempt Time", "IP Address", "Failed Logins", "Form Data", "User Agent"):
            assert english not in page, english
    with translation.override("es"):
        untranslated = [word for word in WORDS if translation.gettext(word) == word]
    assert untranslated == []


def test_a_sign_in_record_is_named_in_spanish_with_a_short_date(admin_client):
    """axes names its records in English with a raw UTC time ("Access Log for ana @
    2026-12-07 19:05:00+00:00"); the admin shows that name as the record's title."""
    import datetime as dt

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    when = dt.datetime(2026, 12, 7, 19, 5, tzinfo=dt.UTC)  # 2:05 p. m. in Bogotá
    common = {"username": "ana", "ip_address": "10.0.0.7", "user_agent": "Firefox"}
    attempt = AccessAttempt.objects.create(**common, failures_since_start=3)
    log = AccessLog.objects.create(**common)
    failure = AccessFailureLog.objects.create(**common, locked_out=True)
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=when)
    AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=when)

    pages = {
        name: admin_client.get(f"/admin/axes/{name}/{pk}/change/").content.decode()
        for name, pk in [
            ("accessattempt", attempt.pk),
            ("accesslog", log.pk),
            ("accessfailurelog", failure.pk),
        ]
    }
    assert "Intentos de ana desde 10.0.0.7" in pages["accessattempt"]
    assert "Inicio de sesión de ana, 7 dic 2026, 2:05 p. m." in pages["accesslog"]
    assert (
        "Inicio de sesión fallido de ana, 7 dic 2026, 2:05 p. m., desde 10.0.0.7 (bloqueado)"
        in pages["accessfailurelog"]
    )
    for page in pages.values():
        for english in ("Attempted Access", "Access Log for", "Failed access", "+00:00"):
            assert english not in page, english
