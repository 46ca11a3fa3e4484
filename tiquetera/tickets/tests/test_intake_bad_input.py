"""What clients type is cleaned or refused whole: never a 500, never half a case, the raw
payload always kept."""

import ast
from pathlib import Path

import pytest

from tiquetera.tickets.intake.pipeline import store_raw, submit
from tiquetera.tickets.intake.request import IntakeError
from tiquetera.tickets.models import Case, RawPayload

from .intake_world import client, request

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return client("isys", plan="soporte-actualizaciones")[1]


def test_nul_bytes_and_control_characters_are_removed(ana):
    case = submit(
        request(
            ana,
            case_type="soporte",
            subject="No\x00 abre\x07 el\tmódulo\r\nde nómina",
            description="Línea 1\r\nLínea\x00 2\x1b[31m",
        )
    )
    assert case.subject == "No abre el módulo de nómina"
    assert case.description == "Línea 1\nLínea 2[31m"


def test_invalid_utf8_is_replaced_not_refused(ana):
    case = submit(request(ana, case_type="soporte", description=b"Factura \xff\xfe fallida"))
    assert case.description == "Factura \ufffd\ufffd fallida"


def test_script_tags_are_kept_as_plain_text(ana):
    """The description is text: stored as typed, escaped when shown (never HTML)."""
    typed = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    case = submit(request(ana, case_type="soporte", description=typed))
    assert case.description == typed


def test_an_overlong_subject_is_cut_and_flagged(ana):
    case = submit(request(ana, case_type="soporte", subject="Error " * 100))
    assert len(case.subject) == 200
    assert case.subject.endswith("…")
    assert "subject_cut" in case.flags


def test_an_empty_subject_takes_the_first_line_of_the_description(ana):
    case = submit(request(ana, case_type="soporte", subject="  ", description="No imprime.\nNada"))
    assert case.subject == "No imprime."


def test_an_overlong_description_is_refused_whole_and_the_raw_payload_keeps_why(ana):
    raw = store_raw("email", b"From: ana\r\n\r\n" + b"x" * 100)
    with pytest.raises(IntakeError) as refused:
        submit(request(ana, case_type="soporte", description="x" * 100_001, raw=raw))
    assert refused.value.code == "too_long"
    assert not Case.objects.exists()
    raw.refresh_from_db()
    assert "100,000" in raw.error or "100.000" in raw.error
    assert bytes(raw.content).startswith(b"From: ana")


def test_an_unknown_sender_is_refused_and_the_raw_payload_kept(ana):
    raw = store_raw("email", b"raw bytes \xff")
    with pytest.raises(IntakeError) as refused:
        submit(request(ana, organization=None, requester=None, requester_email="x@y.co", raw=raw))
    assert refused.value.code == "unknown_requester"
    assert not Case.objects.exists()
    assert RawPayload.objects.get().error


def test_the_sender_is_identified_by_email_when_the_channel_does_not_know_them(ana):
    case = submit(
        request(
            ana,
            case_type="soporte",
            organization=None,
            requester=None,
            requester_email=ana.email.upper(),
        )
    )
    assert (case.organization, case.requester) == (ana.organization, ana)


def test_no_code_but_the_pipeline_creates_a_case():
    """DESIGN.md: "A channel adapter never creates a ticket by itself"; every Case is made by
    the intake — built by its decision (tickets/intake/deciding.py, which the simulator's
    in-memory replay also calls, never saving it) and stored by tickets/intake/pipeline.py
    (tests and factories aside, and the benchmark data generator, core/scale.py, which stores
    in bulk — a million at a time — the cases that same decision built)."""
    package = Path(__file__).resolve().parents[2]
    makers = []
    for path in package.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "factories.py":
            continue
        if path.relative_to(package).as_posix() == "core/scale.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            creates = (isinstance(func, ast.Name) and func.id == "Case") or (
                isinstance(func, ast.Attribute)
                and func.attr in {"create", "bulk_create", "get_or_create", "update_or_create"}
                and ast.unparse(func.value).split(".")[-2:] == ["Case", "objects"]
            )
            if creates:
                makers.append(f"{path.relative_to(package)}:{node.lineno}")
    intake = ("tickets/intake/pipeline.py:", "tickets/intake/deciding.py:")
    assert makers and all(m.startswith(intake) for m in makers), makers
