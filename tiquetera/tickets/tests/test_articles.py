"""Replies, internal notes and system events (`tickets/articles.py`): bodies are sanitised and
kept as text too, each write leaves exactly one audit event of its own, an agent's reply marks
the first response and tells the requester, a client's reply changes no status."""

import pytest
from django.utils import translation

from tiquetera.audit.models import AuditEvent
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import ContactFactory, UserFactory
from tiquetera.tickets.articles import (
    MAX_BODY_CHARS,
    ArticleError,
    add_event,
    add_note,
    add_reply,
)
from tiquetera.tickets.attachments import AttachmentError
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.models import Article, Attachment, Case
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case():
    return CaseFactory(requester_email="ana@cliente.co", requester_name="Ana Gómez")


def verbs():
    return list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))


# --- sanitising ---------------------------------------------------------------------------------
def test_script_tags_and_their_content_are_removed(case, agent):
    article = add_reply(
        case,
        body="<p>Hola</p><script>alert('x')</script><style>p{color:red}</style>",
        actor=agent,
        channel="email",
    )

    assert article.body_html == "<p>Hola</p>"
    assert article.body_text == "Hola"


def test_event_handler_attributes_and_javascript_links_are_removed(case, agent):
    article = add_reply(
        case,
        body=(
            '<p onclick="steal()">Vea <img src="x" onerror="alert(1)">'
            '<a href="javascript:alert(1)">esto</a> y <a href="/relativo">aquello</a></p>'
        ),
        actor=agent,
        channel="email",
    )

    html = article.body_html
    assert "onclick" not in html and "onerror" not in html and "javascript" not in html
    assert "relativo" not in html
    assert 'src="x"' not in html
    assert "Vea" in html


def test_links_keep_web_and_mail_addresses_with_noopener(case, agent):
    article = add_reply(
        case,
        body='<p><a href="https://soporte.example/kb/12" target="_blank">la guía</a></p>',
        actor=agent,
        channel="email",
    )

    assert article.body_html == (
        '<p><a href="https://soporte.example/kb/12" rel="noopener noreferrer">la guía</a></p>'
    )
    assert article.body_text == "la guía (https://soporte.example/kb/12)"


def test_images_only_inline_from_data_or_cid(case, agent):
    article = add_reply(
        case,
        body=(
            '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="captura">'
            '<img src="cid:image001.png@01DA">'
            '<img src="https://rastreo.example/pixel.gif">'
            '<img src="data:image/svg+xml;base64,PHN2Zz4=">'
            '<img src="data:text/html;base64,PHNjcmlwdD4=">'
            "</p>"
        ),
        actor=agent,
        channel="portal",
    )

    html = article.body_html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html
    assert 'src="cid:image001.png@01DA"' in html
    assert "rastreo" not in html and "svg" not in html and "text/html" not in html


def test_plain_text_body_is_escaped_into_paragraphs(case, agent):
    article = add_reply(
        case, body="Si a < b entonces\nreinicie.\n\nGracias", actor=agent, channel="email"
    )

    assert article.body_text == "Si a < b entonces\nreinicie.\n\nGracias"
    assert article.body_html == "<p>Si a &lt; b entonces<br>reinicie.</p>\n\n<p>Gracias</p>"


def test_body_text_of_html_keeps_paragraphs_and_list_items(case, agent):
    article = add_reply(
        case,
        body="<div>Buenos días,</div><ul><li>Paso uno</li><li>Paso <b>dos</b></li></ul><p>Fin</p>",
        actor=agent,
        channel="email",
    )

    assert article.body_text == "Buenos días,\n\n- Paso uno\n- Paso dos\n\nFin"


def test_nul_bytes_are_stripped(case, agent):
    article = add_reply(case, body="Ho\x00la <b>mun\x00do</b>", actor=agent, channel="email")

    assert "\x00" not in article.body_html + article.body_text
    assert article.body_text == "Hola mundo"


def test_over_long_body_is_refused_and_nothing_is_written(case, agent):
    with pytest.raises(TicketsError) as refused:
        add_reply(case, body="a" * (MAX_BODY_CHARS + 1), actor=agent, channel="email")

    assert refused.value.code == "body_too_long"
    with translation.override("en"):
        assert str(refused.value) == (
            "The text is too long: 100001 characters, and at most 100000 are accepted."
        )
    assert not Article.objects.exists()
    assert not AuditEvent.objects.exists()


def test_html_heavy_with_styles_is_measured_after_sanitising(case, agent):
    styled = '<p style="font-family: Calibri; color: #1f497d">x</p>' * 3000  # ~150,000 chars

    article = add_reply(case, body=styled, actor=agent, channel="email")

    assert len(article.body_html) < MAX_BODY_CHARS


def test_empty_reply_is_refused(case, agent):
    with pytest.raises(ArticleError) as refused:
        add_reply(case, body="  <p> </p>\x00 ", actor=agent, channel="email")

    assert refused.value.code == "empty_article"


# --- replies ------------------------------------------------------------------------------------
def test_agent_reply_records_one_event_and_sets_first_response_once(case, agent):
    first = add_reply(case, body="Estamos revisando.", actor=agent, channel="email")
    stored = Case.objects.get(pk=case.pk).first_response_at

    add_reply(case, body="Ya quedó.", actor=agent, channel="email")

    assert stored is not None
    assert case.first_response_at == stored
    assert Case.objects.get(pk=case.pk).first_response_at == stored
    assert verbs() == ["case.replied", "case.replied"]
    event = AuditEvent.objects.order_by("pk").first()
    assert event.actor_id == agent.pk
    assert event.organization_id == case.organization_id
    assert event.after["article"] == first.pk
    assert event.after["by"] == "agent"
    assert (first.kind, first.author, first.author_contact, first.channel) == (
        Article.Kind.REPLY,
        agent,
        None,
        "email",
    )


def test_agent_reply_notifies_the_requester(case, agent):
    article = add_reply(
        case, body="Reinicie el servicio de impresión.", actor=agent, channel="email"
    )

    notification = Notification.objects.get(kind="case_replied")
    assert notification.to == "ana@cliente.co"
    assert notification.subject.startswith(f"[{case.number}] ")
    assert notification.language == "es"
    assert article.body_text in notification.text_body
    assert "Ana Gómez:" in notification.text_body
    assert notification.headers["X-Tiquetera-Case"] == case.number


def test_reply_email_is_in_english_for_an_english_case(agent):
    case = CaseFactory(requester_email="bob@client.example", language="en")

    add_reply(case, body="<p>Please restart &amp; retry.</p>", actor=agent, channel="email")

    notification = Notification.objects.get(kind="case_replied")
    assert notification.subject == f"[{case.number}] New reply on your case"
    assert "Please restart & retry." in notification.text_body  # text, not escaped HTML


def test_client_reply_to_a_case_waiting_on_them_changes_no_status(agent):
    case = CaseFactory(status=Status.WAITING_ON_CLIENT, requester_email="ana@cliente.co")
    contact = ContactFactory(organization=case.organization)

    article = add_reply(
        case, body="Ya lo intenté.", actor=None, contact=contact, channel=Case.Channel.EMAIL
    )

    case.refresh_from_db()
    assert case.status == Status.WAITING_ON_CLIENT
    assert case.first_response_at is None
    assert article.author_contact == contact and article.author is None
    assert not Notification.objects.exists()
    assert verbs() == ["case.replied"]
    assert AuditEvent.objects.get().after["by"] == "client"


def test_client_user_replies_as_their_contact(case):
    user = UserFactory()
    contact = ContactFactory(organization=case.organization, user=user, role="usr")

    article = add_reply(case, body="Gracias", actor=user, channel="portal")

    assert (article.author, article.author_contact) == (user, contact)


def test_contact_of_another_organization_cannot_reply(case):
    stranger = ContactFactory()

    with pytest.raises(ArticleError) as refused:
        add_reply(case, body="Hola", actor=None, contact=stranger, channel="email")

    assert refused.value.code == "not_allowed"
    assert not Article.objects.exists()


def test_user_who_is_neither_agent_nor_contact_cannot_reply(case):
    with pytest.raises(ArticleError) as refused:
        add_reply(case, body="Hola", actor=UserFactory(), channel="portal")

    assert refused.value.code == "not_allowed"


def test_user_without_contact_cannot_reply_for_a_contact(case):
    contact = ContactFactory(organization=case.organization)

    with pytest.raises(ArticleError) as refused:
        add_reply(case, body="Hola", actor=UserFactory(), contact=contact, channel="phone")

    assert refused.value.code == "not_allowed"


def test_agent_logs_a_clients_phone_call_as_the_clients_reply(case, agent):
    contact = ContactFactory(organization=case.organization)

    article = add_reply(
        case, body="Dice que ya funciona", actor=agent, contact=contact, channel="phone"
    )

    assert (article.author, article.author_contact) == (agent, contact)
    assert Case.objects.get(pk=case.pk).first_response_at is None
    assert not Notification.objects.exists()


def test_reply_with_an_attachment_records_the_reply_and_the_file(case, agent):
    article = add_reply(
        case, body="Adjunto captura.", actor=agent, channel="email", attachments=[("c.png", PNG)]
    )

    attachment = Attachment.objects.get()
    assert attachment.article == article
    assert verbs() == ["case.replied", "case.attachment_added"]


def test_reply_with_a_refused_attachment_writes_nothing(case, agent, media):
    with pytest.raises(AttachmentError):
        add_reply(
            case,
            body="Vea el adjunto",
            actor=agent,
            channel="email",
            attachments=[("c.png", PNG), ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100)],
        )

    assert not Article.objects.exists()
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not Notification.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_unknown_channel_is_refused(case, agent):
    with pytest.raises(ArticleError) as refused:
        add_reply(case, body="Hola", actor=agent, channel="fax")

    assert refused.value.code == "unknown_channel"


# --- notes and events ---------------------------------------------------------------------------
def test_note_records_one_event_and_tells_nobody(case, agent):
    note = add_note(case, body="El cliente usa la versión 7.2", actor=agent)

    assert note.kind == Article.Kind.NOTE and not note.is_public
    assert verbs() == ["case.noted"]
    assert not Notification.objects.exists()
    assert Case.objects.get(pk=case.pk).first_response_at is None


def test_only_agents_write_notes(case):
    user = UserFactory()
    ContactFactory(organization=case.organization, user=user, role="usr")

    with pytest.raises(ArticleError) as refused:
        add_note(case, body="nota", actor=user)

    assert refused.value.code == "notes_for_agents"
    assert not Article.objects.exists()


def test_system_event_is_plain_text_and_records_one_event(case):
    event = add_event(case, text="Caso escalado a <Nivel 2>\x00")

    assert event.kind == Article.Kind.EVENT
    assert event.author is None
    assert event.body_text == "Caso escalado a <Nivel 2>"
    assert event.body_html == "<p>Caso escalado a &lt;Nivel 2&gt;</p>"
    assert verbs() == ["case.event"]
    assert AuditEvent.objects.get().actor_label == "sistema"


def test_empty_system_event_is_refused(case):
    with pytest.raises(ArticleError) as refused:
        add_event(case, text=" \x00 ")

    assert refused.value.code == "empty_event"
    assert not AuditEvent.objects.exists()
