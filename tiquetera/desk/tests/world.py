"""A JQ Systems client whose cases come in through the pipeline, as the desk's tests need."""

from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import request

DONE = [
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
]


def open_case(contact, **values) -> Case:
    """A JQ Systems incidencia through the pipeline, as a client opens it from the portal."""
    base = {
        "case_type": "incidencia",
        "fields": {"application": "JQ Nómina", "module": "Liquidación"},
        "prerequisites_done": DONE,
    }
    return submit(request(contact, **{**base, **values}))
