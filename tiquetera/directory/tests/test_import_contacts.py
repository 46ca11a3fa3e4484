import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tiquetera.directory.models import Contact
from tiquetera.testing.factories import OrganizationFactory, PolicyFactory

pytestmark = pytest.mark.django_db

CONTACTS = """empresa;nombre;correo;teléfono;rol;acepta_whatsapp;puede_firmar
800197268-4;Ana Pérez;ana.perez@soho.co;+57 (6) 3134484;USR;sí;
800197268;Recepción;info@soho.co;+57 310 614 9927;usuario;no;
Hotel CDMX;Luis Gómez;luis@cdmx.mx;55 1234 5678;gerente;;no
"""


@pytest.fixture(autouse=True)
def organizations():
    policy = PolicyFactory(slug="soho", name="Soho Apps")
    return (
        OrganizationFactory(policy=policy, legal_name="Hotel Soho", tax_id="800197268-4"),
        OrganizationFactory(
            policy=policy, legal_name="Hotel CDMX", tax_id="ABC680524P76", country="MX"
        ),
    )


def run(tmp_path, text, *args):
    path = tmp_path / "contactos.csv"
    path.write_text(text, encoding="utf-8-sig")
    out, err = StringIO(), StringIO()
    call_command("import", "contacts", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), path


def counts(out):
    return [int(n) for n in re.findall(r"\d+", out.strip().splitlines()[-1])]


def test_contacts_are_matched_to_organizations_by_tax_id_or_legal_name(tmp_path, organizations):
    """Seed 002 roles and seed 004 phones: each contact normalised on the way in."""
    soho, cdmx = organizations
    out, err, _path = run(tmp_path, CONTACTS)
    assert err == ""
    assert counts(out) == [3, 0, 0, 0]
    ana = Contact.objects.get(email="ana.perez@soho.co")
    assert (ana.organization, ana.phone, ana.whatsapp) == (soho, "+576063134484", "+576063134484")
    assert (ana.role, ana.may_verify_cases, ana.whatsapp_opt_in) == ("usr", True, True)
    luis = Contact.objects.get(email="luis@cdmx.mx")
    assert (luis.organization, luis.phone, luis.role) == (cdmx, "+525512345678", "manager")
    assert luis.may_sign_purchase_orders is False  # the file overrides the manager's default


def test_old_landline_and_generic_mailbox_are_noticed_by_line(tmp_path):
    out, _err, path = run(tmp_path, CONTACTS)
    assert f"{path}:2: " in out  # the old "+57 (6)" form was converted
    assert f"{path}:3: " in out  # info@ is a generic mailbox


def test_bad_contact_rows_are_reported_and_nothing_is_imported(tmp_path):
    text = (
        CONTACTS
        + "Hotel Fantasma;Eva;eva@x.co;;;;\n800197268-4;Pedro;pedro@soho.co;3134484;jefe;;\n"
    )
    err = StringIO()
    path = tmp_path / "contactos.csv"
    path.write_text(text)
    with pytest.raises(CommandError):
        call_command("import", "contacts", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert any(line.startswith(f"{path}:5: empresa: ") for line in lines)
    assert any(
        line.startswith(f"{path}:6: teléfono: ") and "+57 606 3134484" in line for line in lines
    )
    assert any(line.startswith(f"{path}:6: rol: ") for line in lines)
    assert Contact.objects.count() == 0


def test_skip_bad_imports_the_good_contacts(tmp_path):
    out, _err, _path = run(tmp_path, CONTACTS + "Hotel Fantasma;Eva;eva@x.co;;;;\n", "--skip-bad")
    assert Contact.objects.count() == 3
    assert counts(out) == [3, 0, 0, 1]


def test_reimporting_contacts_changes_nothing(tmp_path):
    run(tmp_path, CONTACTS)
    before = list(Contact.objects.values().order_by("pk"))
    out, _err, _path = run(tmp_path, CONTACTS)
    assert list(Contact.objects.values().order_by("pk")) == before
    assert counts(out) == [0, 0, 3, 0]


def test_a_changed_row_updates_its_contact_by_email(tmp_path):
    run(tmp_path, CONTACTS)
    out, _err, _path = run(
        tmp_path, "empresa,nombre,correo\nHotel Soho,Ana María Pérez,ANA.PEREZ@soho.co\n"
    )
    assert counts(out) == [0, 1, 0, 0]
    ana = Contact.objects.get(email__iexact="ana.perez@soho.co")
    assert ana.name == "Ana María Pérez"
    assert ana.phone == "+576063134484"  # the absent column kept its value
    assert ana.may_verify_cases  # the role did not change, nor its flags


def test_the_same_contact_twice_in_a_file_is_a_bad_row(tmp_path):
    text = CONTACTS + "Hotel Soho;Ana P.;ana.perez@soho.co;;;;\n"
    with pytest.raises(CommandError):
        run(tmp_path, text)
    assert Contact.objects.count() == 0


def test_contacts_file_without_its_required_columns_is_refused(tmp_path):
    with pytest.raises(CommandError) as failed:
        run(tmp_path, "nombre;correo\nAna;ana@x.co\n")
    assert "organization" in str(failed.value)
