import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tiquetera.directory.models import Organization
from tiquetera.testing.factories import PolicyFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD = """razon_social,nit,pais,edicion,estado_de_pago
Hotel Soho Pereira,800.197.268-4,CO,LOCAL,al día
Hotel Bancol,890903938-8,Colombia,WEB,en mora
Posada Sin NIT,,CO,,
Hotel CDMX,ABC680524P76,MX,WEB,
"""


@pytest.fixture(autouse=True)
def policy():
    return PolicyFactory(slug="soho", name="Soho Apps", country="CO")


def run(tmp_path, text, *args, encoding="utf-8"):
    path = tmp_path / "clientes.csv"
    path.write_bytes(text.encode(encoding))
    out, err = StringIO(), StringIO()
    call_command("import", "organizations", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), path


def counts(out):
    """created, updated, unchanged, skipped: the numbers of the summary, in any language."""
    return [int(n) for n in re.findall(r"\d+", out.strip().splitlines()[-1])]


def test_good_file_imports_every_row_with_normal_values(tmp_path):
    out, err, _path = run(tmp_path, GOOD)
    assert err == ""
    assert counts(out) == [4, 0, 0, 0]
    by_name = {o.legal_name: o for o in Organization.objects.all()}
    assert len(by_name) == 4
    assert by_name["Hotel Soho Pereira"].tax_id == "800197268-4"
    assert by_name["Hotel Bancol"].standing == "behind"
    assert by_name["Hotel Bancol"].standing_set_at is not None
    assert by_name["Hotel CDMX"].time_zone == "America/Mexico_City"
    assert by_name["Posada Sin NIT"].tax_id == ""


def test_bad_rows_are_reported_by_line_and_field_and_nothing_is_imported(tmp_path):
    text = (
        GOOD + "Hotel Mal NIT,800197268-5,CO,,\n,900000009-0,CO,,\nHotel Paisa,800197268-4,CO,,\n"
    )
    with pytest.raises(CommandError) as failed:
        run(tmp_path, text)
    assert re.findall(r"\d+", str(failed.value)) == ["3"]  # three bad rows
    assert Organization.objects.count() == 0


def test_error_lines_name_file_line_and_column(tmp_path):
    path = tmp_path / "clientes.csv"
    path.write_text(GOOD + "Hotel Mal NIT,800197268-5,CO,,\n,900000009-0,XX,,\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", "organizations", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith(f"{path}:6: nit: ")
    assert any(line.startswith(f"{path}:7: razon_social: ") for line in lines)
    assert any(line.startswith(f"{path}:7: pais: ") for line in lines)


def test_a_repeated_tax_id_in_the_file_is_a_bad_row(tmp_path):
    path = tmp_path / "clientes.csv"
    path.write_text(GOOD + "Otro nombre,800197268-4,CO,,\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", "organizations", str(path), stdout=StringIO(), stderr=err)
    message = err.getvalue().split(f"{path}:6: nit: ")[1]
    assert re.findall(r"\d+", message) == ["800197268", "4", "2"]  # the tax id, and line 2


def test_skip_bad_imports_the_good_rows(tmp_path):
    out, err, path = run(tmp_path, GOOD + "Hotel Mal NIT,800197268-5,CO,,\n", "--skip-bad")
    assert f"{path}:6: nit: " in err
    assert Organization.objects.count() == 4
    assert counts(out) == [4, 0, 0, 1]


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    run(tmp_path, GOOD)
    before = list(Organization.objects.values().order_by("pk"))
    out, _err, _path = run(tmp_path, GOOD)
    assert list(Organization.objects.values().order_by("pk")) == before
    assert counts(out) == [0, 0, 4, 0]


def test_reimport_updates_what_changed_and_keeps_absent_columns(tmp_path):
    run(tmp_path, "razon_social;nit;notas\nHotel Soho;800197268-4;cliente desde 2019\n")
    out, _err, _path = run(tmp_path, "razon_social;nit\nHotel Soho Pereira S.A.S.;800197268-4\n")
    assert counts(out) == [0, 1, 0, 0]
    org = Organization.objects.get()
    assert (org.legal_name, org.notes) == ("Hotel Soho Pereira S.A.S.", "cliente desde 2019")


def test_utf8_with_bom_and_semicolons_as_excel_saves_it(tmp_path):
    text = "\ufeffRazón social;NIT;País\r\nHotel Señorial;800197268-4;CO\r\n"
    run(tmp_path, text)
    assert Organization.objects.get().legal_name == "Hotel Señorial"


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    with pytest.raises(CommandError) as failed:
        run(tmp_path, "razon_social\nHotel Señorial\n", encoding="latin-1")
    assert re.findall(r"\d+", str(failed.value).split(":", 1)[1])[:1] == ["2"]


def test_unknown_columns_are_refused(tmp_path):
    with pytest.raises(CommandError) as failed:
        run(tmp_path, "razon_social,color\nHotel,azul\n")
    assert "color" in str(failed.value)


def test_dry_run_saves_nothing(tmp_path):
    out, _err, _path = run(tmp_path, GOOD, "--dry-run")
    assert Organization.objects.count() == 0
    assert counts(out.replace("\n", " "))[:4] == [4, 0, 0, 0]


def test_several_policies_need_policy(tmp_path):
    PolicyFactory(slug="jq-systems")
    with pytest.raises(CommandError) as failed:
        run(tmp_path, GOOD)
    assert "soho" in str(failed.value)
    run(tmp_path, GOOD, "--policy", "soho")
    assert Organization.objects.filter(policy__slug="soho").count() == 4


def test_standing_imported_is_recorded_without_a_user(tmp_path):
    UserFactory()
    run(tmp_path, GOOD)
    org = Organization.objects.get(legal_name="Hotel Bancol")
    assert org.standing_set_by is None and org.standing_set_at is not None


def test_a_large_file_imports_in_one_go(tmp_path):
    """Above LARGE_FILE_ROWS a progress bar is drawn on a terminal (not in tests' pipes)."""
    rows = "".join(f"Hotel {n},{900000000 + n},CO,,\n" for n in range(600))
    out, err, _path = run(tmp_path, "razon_social,nit,pais,edicion,estado_de_pago\n" + rows)
    assert err == ""
    assert counts(out) == [600, 0, 0, 0]
