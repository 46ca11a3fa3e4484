"""Attachments (`tickets/attachments.py`): the type is read from the bytes, never from the name;
programs, HTML, SVG and unknown binaries are refused naming the file; names are made safe;
a file over the limit leaves nothing behind; each stored file leaves one audit event."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import ContactFactory, UserFactory
from tiquetera.tickets.attachments import AttachmentError, safe_name, store_attachment
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.models import Attachment
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 32
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 120
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


def zip_of(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"\x00")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case():
    return CaseFactory()


def stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def refusal(case, upload, agent) -> TicketsError:
    with pytest.raises(AttachmentError) as refused:
        store_attachment(case, upload, actor=agent)
    return refused.value


# --- what is kept -------------------------------------------------------------------------------
def test_stored_under_a_generated_name_with_size_hash_and_one_audit_event(case, agent, media):
    attachment = store_attachment(case, ("captura.png", PNG), actor=agent)

    attachment.refresh_from_db()
    assert (attachment.name, attachment.content_type) == ("captura.png", "image/png")
    assert attachment.size == len(PNG)
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert attachment.uploaded_by == agent and attachment.article is None
    assert attachment.file.name.startswith(f"attachments/{case.pk}/")
    assert "captura" not in attachment.file.name
    with default_storage.open(attachment.file.name, "rb") as stored:
        assert stored.read() == PNG
    assert stored_files(media) == [media / attachment.file.name]
    event = AuditEvent.objects.get()
    assert event.verb == "case.attachment_added"
    assert event.object_id == str(case.pk) and event.organization_id == case.organization_id
    assert event.after["attachment"] == attachment.pk
    assert event.after["sha256"] == attachment.sha256


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("foto.jpg", JPEG, "image/jpeg"),
        ("anim.gif", GIF, "image/gif"),
        ("img.webp", WEBP, "image/webp"),
        ("factura.pdf", PDF, "application/pdf"),
        ("informe.docx", office("word/document.xml"), DOCX_MIME),
        ("datos.xlsx", office("xl/workbook.xml"), XLSX_MIME),
        ("factura.xml", b'<?xml version="1.0"?><fe:Invoice xmlns:fe="urn:x"/>', "application/xml"),
        ("notas.txt", "Año fiscal: cerrado ✓\n".encode(), "text/plain; charset=utf-8"),
        ("ventas.csv", b"fecha;valor\n2026-01-02;100\n", "text/csv; charset=utf-8"),
        ("error.log", b"\x1b[31mERROR\x1b[0m timeout\r\n", "text/plain; charset=utf-8"),
    ],
)
def test_allowed_types_are_read_from_the_content(case, agent, name, content, content_type):
    attachment = store_attachment(case, (name, content), actor=agent)

    assert (attachment.name, attachment.content_type) == (name, content_type)


def test_invalid_utf8_text_is_kept_as_latin1_text(case, agent):
    latin1 = "Descripción: la impresión falló en el módulo de facturación\n".encode("latin-1")

    attachment = store_attachment(case, ("registro.log", latin1), actor=agent)

    assert attachment.content_type == "text/plain; charset=iso-8859-1"


def test_binary_with_control_bytes_is_refused_even_named_txt(case, agent, media):
    error = refusal(case, ("notas.txt", bytes(range(256)) * 4), agent)

    assert error.code == "attachment_type_refused"
    with translation.override("en"):
        assert "“notas.txt”" in error.message and "unknown binary data" in error.message
    assert not Attachment.objects.exists() and not stored_files(media)


def test_text_with_a_nul_byte_is_not_text(case, agent):
    assert refusal(case, ("a.txt", b"hola\x00mundo"), agent).code == "attachment_type_refused"


def test_png_renamed_exe_is_stored_as_png_with_a_png_extension(case, agent):
    upload = SimpleUploadedFile("foto.exe", PNG, content_type="application/x-msdownload")

    attachment = store_attachment(case, upload, actor=agent)

    assert attachment.content_type == "image/png"
    assert attachment.name == "foto.exe.png"


def test_claimed_content_type_is_ignored(case, agent):
    upload = SimpleUploadedFile(
        "doc.pdf", b"<html><script>x()</script>", content_type="application/pdf"
    )

    assert refusal(case, upload, agent).code == "attachment_type_refused"


def test_text_with_an_executable_extension_gets_txt(case, agent):
    attachment = store_attachment(case, ("run.bat", b"del C:\\*.*\r\n"), actor=agent)

    assert (attachment.name, attachment.content_type) == (
        "run.bat.txt",
        "text/plain; charset=utf-8",
    )


# --- what is refused ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("manual.pdf", ELF),
        ("manual.pdf", MZ),
        ("foto.png", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 64),
        ("arreglo.txt", b"#!/bin/sh\nrm -rf /\n"),
    ],
)
def test_programs_are_refused_whatever_their_name(case, agent, media, name, content):
    error = refusal(case, (name, content), agent)

    assert error.code == "attachment_executable"
    with translation.override("en"):
        assert error.message == f"The file “{name}” is a program; programs cannot be attached."
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not stored_files(media)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"<!DOCTYPE html><html><body>hola</body></html>", "HTML"),
        (b"  <script>alert(1)</script>", "HTML"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "SVG"),
        (b'<?xml version="1.0"?>\n<!-- logo -->\n<svg:svg xmlns:svg="x"/>', "SVG"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', "HTML"),
        (zip_of("setup.exe"), "ZIP"),
        (office("word/document.xml", "word/vbaProject.bin"), "Office document with macros"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 60, "application/gzip"),
    ],
)
def test_markup_archives_and_other_known_binaries_are_refused(case, agent, content, kind):
    error = refusal(case, ("archivo.txt", content), agent)

    assert error.code == "attachment_type_refused"
    with translation.override("en"):
        assert f"“archivo.txt” is not a type we accept ({kind})" in error.message


def test_empty_file_is_refused(case, agent):
    assert refusal(case, ("vacio.txt", b""), agent).code == "attachment_empty"


@pytest.mark.parametrize("as_upload", [True, False])
def test_thirty_megabytes_are_refused_and_nothing_is_stored(case, agent, media, as_upload):
    content = PNG + b"\x00" * (30 * 1024 * 1024)
    upload = SimpleUploadedFile("grande.png", content) if as_upload else ("grande.png", content)

    error = refusal(case, upload, agent)

    assert error.code == "attachment_too_large"
    with translation.override("en"):
        assert error.message == (
            "The file “grande.png” is 30.0\xa0MB; attachments may be at most 20.0\xa0MB."
        )
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not stored_files(media)


def test_the_limit_comes_from_the_settings(case, agent, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000

    assert refusal(case, ("a.txt", b"a" * 1001), agent).code == "attachment_too_large"
    assert store_attachment(case, ("a.txt", b"a" * 1000), actor=agent).size == 1000


def test_a_client_of_another_organization_cannot_attach(case):
    user = UserFactory()
    ContactFactory(user=user)

    assert refusal(case, ("c.png", PNG), user).code == "not_allowed"


# --- names --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\x\\y.pdf", "y.pdf"),
        ("/var/../..", "adjunto"),
        ("..", "adjunto"),
        ("", "adjunto"),
        ("   ", "adjunto"),
        ("fac\x00tura\x07.pdf", "factura.pdf"),
        ("line\nbreak.txt", "linebreak.txt"),
        ("foto\u202egnp.exe", "fotognp.exe"),  # a right-to-left override hides ".exe"
        ('a<b>:"c"|?*.txt', "a_b___c____.txt"),
        (".bashrc", "bashrc"),
        ("informe final.", "informe final"),
        ("Resumen de facturación.xlsx", "Resumen de facturación.xlsx"),
    ],
)
def test_names_are_made_safe(raw, safe):
    assert safe_name(raw) == safe


def test_huge_names_are_cut_to_150_keeping_the_extension():
    name = safe_name("a" * 10_000 + ".pdf")

    assert len(name) == 150
    assert name == "a" * 146 + ".pdf"


def test_a_very_long_extension_is_part_of_the_name():
    assert len(safe_name("x." + "y" * 10_000)) == 150


def test_path_like_names_are_stored_safe(case, agent):
    first = store_attachment(case, ("../../etc/passwd", b"root:x:0:0\n"), actor=agent)
    second = store_attachment(case, ("C:\\x\\y.pdf", PDF), actor=agent)
    third = store_attachment(case, ("b" * 10_000 + ".png", PNG), actor=agent)

    assert first.name == "passwd.txt"
    assert second.name == "y.pdf"
    assert len(third.name) == 150 and third.name.endswith(".png")
    assert [event.verb for event in AuditEvent.objects.all()] == ["case.attachment_added"] * 3
