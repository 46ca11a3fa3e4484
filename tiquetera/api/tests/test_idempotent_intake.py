"""`POST /api/v1/cases` with an `Idempotency-Key`: the same key from the same caller is the same
case (200), even when the first answer never arrived or the twin was sent at the same moment;
the key is stored with the case in the intake's own transaction."""

import json
import threading

import pytest
from django.db import connection

from tiquetera.api.tests.conftest import Client_, bearer, client_of, clinic, hotel  # noqa: F401
from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401  (fixture)
from tiquetera.tickets.models import Case, IntakeKey, RawPayload

CASE = {"subject": "No abre el módulo de nómina", "case_type": "incidencia", "severity": "S2"}


def post(token: str, data: dict, key: str | None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return bearer(token).post(
        "/api/v1/cases", json.dumps(data), content_type="application/json", **headers
    )


@pytest.mark.django_db
def test_the_same_key_twice_is_one_case_the_second_answer_200(hotel: Client_):  # noqa: F811
    before = Case.objects.count(), RawPayload.objects.count()

    first = post(hotel.token, CASE, "pedido-4711")
    again = post(hotel.token, CASE, "pedido-4711")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"]
    after = Case.objects.count(), RawPayload.objects.count()
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1]  # the retry stores nothing
    key = IntakeKey.objects.get(key="pedido-4711")
    assert key.case.number == first.json()["number"] and key.owner == hotel.contact.user


@pytest.mark.django_db
def test_without_a_key_every_post_is_a_new_case(hotel: Client_):  # noqa: F811
    numbers = {post(hotel.token, CASE, None).json()["number"] for _ in range(2)}

    assert len(numbers) == 2


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused(hotel: Client_):  # noqa: F811
    post(hotel.token, CASE, "k-1")

    other = post(hotel.token, {**CASE, "subject": "Otra cosa"}, "k-1")

    assert other.status_code == 400 and other.json()["code"] == "idempotency_key_reused"


@pytest.mark.django_db
def test_keys_belong_to_their_caller(hotel: Client_, clinic: Client_):  # noqa: F811
    mine = post(hotel.token, CASE, "k-1").json()
    theirs = post(clinic.token, CASE, "k-1")

    assert theirs.status_code == 201
    assert theirs.json()["number"] != mine["number"]
    assert Case.objects.get(number=theirs.json()["number"]).organization == clinic.organization


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "con espacio", "x" * 256, "ñandú"])
def test_a_malformed_key_is_refused_and_nothing_is_stored(hotel: Client_, key: str):  # noqa: F811
    before = Case.objects.count(), RawPayload.objects.count()

    response = post(hotel.token, CASE, key)

    assert response.status_code in (400, 422), response.content
    assert (Case.objects.count(), RawPayload.objects.count()) == before


@pytest.mark.django_db(transaction=True)
def test_a_retry_after_the_first_answer_was_lost_finds_the_committed_case(shared_database):  # noqa: F811
    ana = client_of("Hotel Cliente S.A.S.", "ana@hotel.co")
    # the first request commits, and its answer is lost on the way (the client never reads it)
    post(ana.token, CASE, "perdido-1")
    connection.close()  # a new process, a new connection: only what was committed remains

    retry = post(ana.token, CASE, "perdido-1")

    assert retry.status_code == 200
    assert Case.objects.filter(subject=CASE["subject"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twins_sent_at_once_make_one_case_and_both_get_it(shared_database):  # noqa: F811
    ana = client_of("Hotel Cliente S.A.S.", "ana@hotel.co")
    before = Case.objects.count()
    answers: list[tuple[int, str]] = []
    start = threading.Barrier(4)

    def send() -> None:
        try:
            start.wait()
            response = post(ana.token, CASE, "gemelos-1")
            answers.append((response.status_code, response.json().get("number", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Case.objects.count() == before + 1
    assert sorted(status for status, _ in answers) == [200, 200, 200, 201]
    assert len({number for _, number in answers}) == 1
