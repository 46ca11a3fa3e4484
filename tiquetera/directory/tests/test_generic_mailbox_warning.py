import pytest

from tiquetera.directory.errors import InvalidValue
from tiquetera.directory.validation import check_email


@pytest.mark.parametrize(
    "address",
    [
        "info@sohoapps.co",
        "Ventas@hotel.co",
        "contacto@x.co",
        "facturacion.2@x.co",
        "reservas+web@x.co",
    ],
)
def test_generic_mailbox_is_accepted_with_a_warning(address):
    """Seed 004: "Es recomendable que no sea un buzón de correo electrónico general"."""
    result = check_email(address)
    assert result.email.lower() == address.lower()
    assert result.warning is not None


def test_personal_address_has_no_warning_and_its_domain_is_lower_cased():
    result = check_email("  Ana.Perez@Hotel.CO ")
    assert result.email == "Ana.Perez@hotel.co"
    assert result.warning is None


def test_mailbox_only_starting_like_a_generic_one_is_personal():
    assert check_email("informatica.juan@x.co").warning is None


def test_not_an_address_is_refused_naming_the_field():
    with pytest.raises(InvalidValue) as refused:
        check_email("ana.perez@", field="email")
    assert (refused.value.code, refused.value.field) == ("email_invalid", "email")
