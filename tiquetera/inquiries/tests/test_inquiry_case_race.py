"""Two agents turning one inquiry into a case at the same moment make one case (issue 16): the
inquiry's row is locked from the pipeline to the link, so the second waits and is told
"ya se convirtió en el caso X". Run on SQLite and on PostgreSQL (DATABASE_URL)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone, translation

from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401 (fixture)
from tiquetera.inquiries.models import Inquiry
from tiquetera.inquiries.services import InquiryError, client_asked, turn_into_case
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client

AGENTS = 2
JQ_STEP = (
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
)


@pytest.mark.django_db(transaction=True)
def test_two_agents_converting_one_inquiry_make_one_case(shared_database):  # noqa: F811
    _org, ana = client("jq-systems", plan="suscripcion-1")
    inquiry, _ = client_asked(
        ana, body="La nómina no liquida, error E-501.", channel="phone", sent_at=timezone.now()
    )
    agents = [AgentFactory(username=f"agente{n}") for n in range(AGENTS)]
    barrier = threading.Barrier(AGENTS)
    made, refused, errors = [], [], []

    def convert(agent) -> None:
        try:
            with translation.override("es"):
                barrier.wait()
                try:
                    made.append(
                        turn_into_case(
                            Inquiry.objects.get(pk=inquiry.pk),
                            subject="La nómina no liquida",
                            case_type="incidencia",
                            fields={"application": "JQ Nómina", "module": "Liquidación"},
                            prerequisites_done=[JQ_STEP],
                            channel_justification="Sin Internet en la sede.",
                            actor=agent,
                        )
                    )
                except InquiryError as error:
                    refused.append((error.code, error.message))
        except Exception as error:  # any other failure fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=convert, args=(agent,)) for agent in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(made) == 1 and Case.objects.count() == 1
    case = Case.objects.get()
    assert refused == [("already_case", f"Esta consulta ya se convirtió en el caso {case.number}.")]
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.case) == ("case", case)
