"""The configuration's lists (Django's admin) read in Spanish words on the demo desk: no column
or filter keeps its English name ("POLICY", "Por policy"), dates are short ("7 dic 2026 14:05",
as our own lists write them), and a record's code is shown in words — a rule by its name, an
email by its subject, a channel as "WhatsApp"."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tiquetera.core.demo import load_demo
from tiquetera.inquiries.models import Inquiry
from tiquetera.notifications.models import Notification
from tiquetera.testing.shared_world import shared_world

pytestmark = pytest.mark.django_db

COLUMN = re.compile(r'<th scope="col"[^>]*>.*?<(?:a|span)[^>]*>(.*?)</(?:a|span)>', re.S)
FILTER_TITLE = re.compile(r"<summary>\s*(.*?)\s*</summary>", re.S)
# the same word in both languages
BOTH = {"Plan", "Error"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker, lambda: load_demo("jq-systems", cases_count=6)) as built:
        yield built


@pytest.fixture
def configuration(demo) -> Client:
    browser = Client()
    browser.force_login(User.objects.get(username="admin"))
    return browser


def words(body: str, pattern: re.Pattern[str]) -> list[str]:
    found = (html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in pattern.findall(body))
    return [text for text in found if text]


def headings(browser: Client, url: str, language: str) -> list[str]:
    browser.cookies["django_language"] = language
    body = browser.get(url).content.decode()
    return words(body, COLUMN) + words(body, FILTER_TITLE)


def test_no_column_or_filter_of_a_list_keeps_its_english_name(configuration):
    untranslated: dict[str, list[str]] = {}
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        english = set(headings(configuration, url, "en"))
        same = [text for text in headings(configuration, url, "es") if text in english]
        if set(same) - BOTH:
            untranslated[url] = same
    assert untranslated == {}


def test_a_list_writes_its_dates_short(configuration, demo):
    policy = demo.policy
    policy.updated_at = dt.datetime(2026, 12, 7, 14, 5, tzinfo=ZoneInfo("America/Bogota"))
    type(policy).objects.filter(pk=policy.pk).update(updated_at=policy.updated_at)
    configuration.cookies["django_language"] = "es"
    page = configuration.get(reverse("admin:policy_policy_changelist")).content.decode()
    assert "7 dic 2026 14:05" in page
    assert "de diciembre de 2026" not in page


def test_rules_emails_and_channels_read_in_words(configuration):
    configuration.cookies["django_language"] = "es"
    rules = configuration.get(reverse("admin:tickets_intakerule_changelist")).content.decode()
    assert "Quién puede abrir casos" in rules
    assert 'field-rule">requester<' not in rules

    email = Notification.objects.exclude(subject="").order_by("pk").first()
    outbox = configuration.get(reverse("admin:notifications_notification_changelist"))
    assert html.escape(email.subject) in outbox.content.decode()
    assert f">{email.kind}<" not in outbox.content.decode()

    inquiry = Inquiry.objects.filter(channel="whatsapp").first()
    assert inquiry is not None, "the demo has a WhatsApp inquiry"
    inquiries = configuration.get(reverse("admin:inquiries_inquiry_changelist")).content.decode()
    assert 'field-channel">WhatsApp<' in inquiries
