import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tiquetera.contracts.models import Contract, EntitlementPeriod
from tiquetera.contracts.tests.factories import ContractFactory, IntermediaPlanFactory, PlanFactory
from tiquetera.testing.factories import OrganizationFactory, PolicyFactory

pytestmark = pytest.mark.django_db

HEADER = "organizacion;plan;inicio;fin;renovacion_automatica;anterior\n"
GOOD = HEADER + (
    "800197268-4;intermedia;2026-07-01;2026-08-01;sí;\n"
    "Hotel CDMX;basica;2026-07-01;;no;\n"
    "Hotel Soho;clasica;2025-01-01;2027-01-01;;sí\n"
)


@pytest.fixture(autouse=True)
def world():
    policy = PolicyFactory(slug="soho", name="Soho Apps")
    return {
        "soho": OrganizationFactory(policy=policy, legal_name="Hotel Soho", tax_id="800197268-4"),
        "cdmx": OrganizationFactory(
            policy=policy, legal_name="Hotel CDMX", tax_id="ABC680524P76", country="MX"
        ),
        "intermedia": IntermediaPlanFactory(policy=policy),
        "basica": PlanFactory(policy=policy, key="basica"),
        "clasica": PlanFactory(policy=policy, key="clasica", is_legacy=True),
    }


def run(tmp_path, text, *args):
    path = tmp_path / "contratos.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import", "contracts", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), path


def run_bad(tmp_path, text):
    """The error lines of a refused file."""
    path = tmp_path / "contratos.csv"
    path.write_text(text, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", "contracts", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines(), path


def counts(out):
    """created, updated, unchanged, skipped: the numbers of the summary, in any language."""
    return [int(n) for n in re.findall(r"\d+", out.strip().splitlines()[-1])]


def test_good_file_starts_contracts_with_their_first_entitlement_period(tmp_path, world):
    out, err, _path = run(tmp_path, GOOD)
    assert err == ""
    assert counts(out) == [3, 0, 0, 0]
    intermedia = Contract.objects.get(plan=world["intermedia"])
    assert (intermedia.organization, intermedia.start, intermedia.end) == (
        world["soho"],
        dt.date(2026, 7, 1),
        dt.date(2026, 8, 1),
    )
    assert intermedia.auto_renew and not intermedia.is_legacy
    period = intermedia.periods.get()
    assert (period.starts, period.ends, period.total_cap) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 8, 1),
        14,
    )
    assert {c.priority: c.cap for c in period.counters.all()} == {"P1": 6, "P2": 5, "P3": 4}
    cdmx = Contract.objects.get(organization=world["cdmx"])
    assert (cdmx.plan, cdmx.end, cdmx.auto_renew) == (world["basica"], None, False)
    legacy = Contract.objects.get(plan=world["clasica"])
    assert (legacy.is_legacy, legacy.auto_renew, legacy.end) == (True, False, dt.date(2027, 1, 1))
    assert legacy.periods.get().starts == dt.date(2025, 1, 1)


def test_bad_rows_are_reported_by_line_and_field_and_nothing_is_imported(tmp_path, world):
    ContractFactory(organization=world["soho"], plan=world["basica"])  # July 2026
    bad = (
        "Hotel Soho;oro;2026-07-01;;sí;\n"  # 5: no such plan
        "Hotel Soho;intermedia;2026-09-01;2026-08-01;sí;\n"  # 6: ends before it starts
        "Hotel Soho;basica;2026-07-15;;sí;\n"  # 7: overlaps the stored contract
        "Hotel CDMX;clasica;2025-01-01;;;sí\n"  # 8: legacy without end
        "Hotel Fantasma;basica;2026-07-01;;quizás;\n"  # 9: no such organization, not yes/no
        "Hotel CDMX;intermedia;mañana;;no;\n"  # 10: not a date
        "Hotel CDMX;clasica;2026-07-01;2027-07-01;sí;\n"  # 11: a legacy plan sells no more
    )
    lines, path = run_bad(tmp_path, GOOD + bad)

    def reported(line, column):
        return any(text.startswith(f"{path}:{line}: {column}: ") for text in lines)

    assert reported(5, "plan")
    assert reported(6, "fin")
    assert reported(7, "inicio") and "1 jul 2026" in lines[2]  # as people read it
    assert reported(8, "fin")
    assert reported(9, "organizacion") and reported(9, "renovacion_automatica")
    assert reported(10, "inicio")
    assert reported(11, "plan")
    assert not any(re.match(rf"{re.escape(str(path))}:[234]:", text) for text in lines)
    assert Contract.objects.count() == 1
    assert not EntitlementPeriod.objects.exists()


def test_skip_bad_imports_the_good_contracts(tmp_path):
    out, err, path = run(tmp_path, GOOD + "Hotel Soho;oro;2026-07-01;;sí;\n", "--skip-bad")
    assert f"{path}:5: plan: " in err
    assert Contract.objects.count() == 3
    assert counts(out) == [3, 0, 0, 1]


def test_reimporting_contracts_changes_nothing(tmp_path):
    run(tmp_path, GOOD)
    before = list(Contract.objects.values().order_by("pk"))
    periods = list(EntitlementPeriod.objects.values().order_by("pk"))
    out, _err, _path = run(tmp_path, GOOD)
    assert counts(out) == [0, 0, 3, 0]
    assert list(Contract.objects.values().order_by("pk")) == before
    assert list(EntitlementPeriod.objects.values().order_by("pk")) == periods


def test_a_row_matching_a_contract_with_other_values_leaves_it_and_says_so(tmp_path, world):
    run(tmp_path, GOOD)
    out, _err, path = run(tmp_path, HEADER + "Hotel Soho;intermedia;2026-07-01;2027-07-01;sí;\n")
    assert counts(out) == [0, 0, 1, 0]
    assert f"{path}:2: " in out
    assert Contract.objects.get(plan=world["intermedia"]).end == dt.date(2026, 8, 1)


def test_overlapping_rows_of_one_file_are_bad(tmp_path):
    text = HEADER + (
        "Hotel Soho;basica;2026-07-01;2027-07-01;sí;\n"
        "Hotel Soho;basica;2027-01-01;;sí;\n"  # inside the first
        "Hotel Soho;basica;2026-07-01;2027-07-01;sí;\n"  # the first again
    )
    lines, path = run_bad(tmp_path, text)
    assert [line.split(": ", 2)[:2] for line in lines] == [
        [f"{path}:3", "inicio"],
        [f"{path}:4", "inicio"],
    ]
    assert all(re.findall(r"\d+", line.split(": ", 2)[2])[0] == "2" for line in lines)
    assert not Contract.objects.exists()


def test_one_contract_may_follow_another_from_its_end(tmp_path):
    """`end` is the first day not covered, so the next year may start on it."""
    text = HEADER + (
        "Hotel Soho;basica;2026-07-01;2027-07-01;no;\nHotel Soho;basica;2027-07-01;;sí;\n"
    )
    out, _err, _path = run(tmp_path, text)
    assert counts(out) == [2, 0, 0, 0]


def test_dates_may_be_written_day_first(tmp_path, world):
    text = HEADER + (
        "Hotel Soho;basica;01/07/2026;1/8/2026;sí;\nHotel CDMX;basica;31/02/2026;;sí;\n"
    )
    lines, path = run_bad(tmp_path, text)
    assert [line.split(": ", 2)[:2] for line in lines] == [[f"{path}:3", "inicio"]]
    run(tmp_path, text, "--skip-bad")
    contract = Contract.objects.get()
    assert (contract.start, contract.end) == (dt.date(2026, 7, 1), dt.date(2026, 8, 1))


def test_utf8_with_bom_and_semicolons_as_excel_saves_it(tmp_path, world):
    text = (
        "\ufeffOrganización;Plan;Inicio;Renovación automática\r\n"
        "Hotel Soho;intermedia;2026-07-01;Sí\r\n"
    )
    _out, err, _path = run(tmp_path, text)
    assert err == ""
    assert Contract.objects.get().organization == world["soho"]


def test_dry_run_starts_no_contract(tmp_path):
    out, _err, _path = run(tmp_path, GOOD, "--dry-run")
    assert counts(out.replace("\n", " "))[:4] == [3, 0, 0, 0]
    assert not Contract.objects.exists()


def test_contracts_file_without_its_required_columns_is_refused(tmp_path):
    with pytest.raises(CommandError) as failed:
        run(tmp_path, "organizacion;plan;inicio\nHotel Soho;basica;2026-07-01\n")
    assert "auto_renew" in str(failed.value)


def test_an_end_that_looks_like_the_last_day_covered_gets_a_notice(tmp_path):
    out, _err, path = run(tmp_path, HEADER + "Hotel Soho;basica;01/07/2026;30/06/2027;sí;\n")
    assert f"{path}:2: " in out and "2027-07-01" in out
    assert Contract.objects.get().end == dt.date(2027, 6, 30)  # imported as written
