import pytest

from tiquetera.directory.errors import InvalidValue
from tiquetera.directory.validation import nit_check_digit, validate_tax_id


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("800.197.268-4", "800197268-4"),  # DIAN's own NIT
        ("890903938-8", "890903938-8"),
        ("860 034 313 - 7", "860034313-7"),
        ("800197268", "800197268"),  # without check digit: nothing to verify
    ],
)
def test_valid_colombian_nit_is_normalised(typed, normal):
    assert validate_tax_id("CO", typed) == normal


def test_nit_with_a_wrong_check_digit_is_refused_saying_the_right_one():
    with pytest.raises(InvalidValue) as refused:
        validate_tax_id("CO", "800197268-5")
    assert refused.value.code == "nit_check_digit"
    assert refused.value.field == "tax_id"
    assert "4" in refused.value.message


@pytest.mark.parametrize("typed", ["80019726A", "1234", "800197268-45"])
def test_nit_that_is_not_digits_is_refused(typed):
    with pytest.raises(InvalidValue) as refused:
        validate_tax_id("CO", typed)
    assert refused.value.code == "nit_invalid"


def test_check_digit_is_the_remainder_itself_when_it_is_zero_or_one():
    """DIAN: remainder 0 or 1 is the check digit; otherwise 11 minus the remainder."""
    assert nit_check_digit("900000009") == 0
    assert nit_check_digit("900000002") == 1
    assert validate_tax_id("CO", "900000009-0") == "900000009-0"


@pytest.mark.parametrize(
    ("typed", "normal"),
    [("abc680524p76", "ABC680524P76"), ("GODE-561231-GR8", "GODE561231GR8")],
)
def test_mexican_rfc_of_a_company_has_12_characters_and_of_a_person_13(typed, normal):
    assert validate_tax_id("MX", typed) == normal


@pytest.mark.parametrize("typed", ["AB680524P76", "ABC681324P76", "GODE561231GR8X", "1234567890AB"])
def test_rfc_with_wrong_length_or_date_is_refused(typed):
    with pytest.raises(InvalidValue) as refused:
        validate_tax_id("MX", typed)
    assert (refused.value.code, refused.value.field) == ("rfc_invalid", "tax_id")


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("8-123-456", "8-123-456"),
        ("PE-12-345", "PE-12-345"),
        ("8-AV-12-345", "8-AV-12-345"),
        ("E-8-123456", "E-8-123456"),
        ("155612345-2-2021", "155612345-2-2021"),
        ("155612345 - 2 - 2021 dv45", "155612345-2-2021 DV 45"),
    ],
)
def test_panamanian_ruc_in_its_common_forms(typed, normal):
    assert validate_tax_id("PA", typed) == normal


@pytest.mark.parametrize("typed", ["8123456", "ABC-1-2", "8-123"])
def test_ruc_not_in_a_registry_form_is_refused(typed):
    with pytest.raises(InvalidValue) as refused:
        validate_tax_id("PA", typed)
    assert refused.value.code == "ruc_invalid"


def test_other_countries_take_the_tax_id_as_written():
    assert validate_tax_id("US", "  12-3456789 ") == "12-3456789"


def test_an_empty_tax_id_is_allowed():
    assert validate_tax_id("CO", "  ") == ""
