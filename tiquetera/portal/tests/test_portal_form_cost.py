"""The case form reads its policy once per policy revision (issue 18): drawing it again reads
none of the catalogue's tables, and a change to the policy shows at the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.tickets.models import CaseType

from .conftest import signed_in

pytestmark = pytest.mark.django_db

CATALOGUE = ("tickets_casetype", "tickets_severity", "tickets_intakerule", "tickets_casefield")


def tables_read(browser) -> set[str]:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get("/portal/cases/new/").status_code == 200
    return {table for q in captured.captured_queries for table in CATALOGUE if table in q["sql"]}


def test_the_form_reads_the_catalogue_once_per_revision(jq_usr):
    browser = signed_in(jq_usr)
    tables_read(browser)

    assert tables_read(browser) == set()

    case_type = CaseType.objects.get(policy=jq_usr.organization.policy, key="incidencia")
    case_type.name = "Incidencia de producción"
    case_type.save()  # a new revision of the policy

    assert "tickets_casetype" in tables_read(browser)
    assert "Incidencia de producción" in browser.get("/portal/cases/new/").content.decode()


def test_the_contact_and_its_organization_are_read_together(jq_usr):
    browser = signed_in(jq_usr)
    browser.get("/portal/cases/new/")

    with CaptureQueriesContext(connection) as captured:
        browser.get("/portal/cases/new/")

    reads = [q["sql"] for q in captured.captured_queries]
    assert sum('FROM "directory_contact"' in sql for sql in reads) == 1
    assert not any(sql.startswith('SELECT "directory_organization"') for sql in reads)
