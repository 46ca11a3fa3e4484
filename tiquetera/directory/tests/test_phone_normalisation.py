import pytest

from tiquetera.directory.errors import InvalidValue
from tiquetera.directory.validation import normalize_phone


@pytest.mark.parametrize("typed", ["+57 (6) 3134484", "+57 6 3134484", "(6) 3134484"])
def test_old_colombian_landline_becomes_the_ten_digit_form_with_a_notice(typed):
    """Seed 004 asks for "+57 (6) 3134484", the form used before Colombia's 2021 change."""
    result = normalize_phone(typed, "CO")
    assert result.e164 == "+576063134484"
    assert result.warning is not None
    assert "+57 606 3134484" in result.warning


def test_bogota_old_landline_gets_area_code_601():
    assert normalize_phone("+57 (1) 2345678", "CO").e164 == "+576012345678"


def test_new_colombian_landline_is_valid_without_notice():
    assert normalize_phone("+57 606 3134484", "CO") == normalize_phone("6063134484", "CO")
    assert normalize_phone("+57 606 3134484", "CO").warning is None


def test_colombian_mobile_is_valid():
    """Seed 002 lists the mobile line 310 614 9927 (Colombia)."""
    result = normalize_phone("+57 310 614 9927", "CO")
    assert result.e164 == "+573106149927"
    assert result.warning is None
    assert result.international == "+57 310 6149927"


@pytest.mark.parametrize("typed", ["3134484", "+57 3134484", "313 44 84"])
def test_number_without_country_and_area_code_is_refused_with_the_expected_format(typed):
    """Seed 004: "anteponer el indicativo de país + ciudad + nro. telefónico"."""
    with pytest.raises(InvalidValue) as refused:
        normalize_phone(typed, "CO")
    assert refused.value.code == "phone_incomplete"
    assert refused.value.field == "phone"
    assert "+57 606 3134484" in refused.value.message


def test_text_that_is_no_number_is_refused_naming_the_field():
    with pytest.raises(InvalidValue) as refused:
        normalize_phone("llamar a recepción", "CO", field="whatsapp")
    assert refused.value.code == "phone_not_a_number"
    assert refused.value.field == "whatsapp"


def test_mexican_number_read_with_the_organizations_country():
    assert normalize_phone("55 1234 5678", "MX").e164 == "+525512345678"
    assert normalize_phone("+52 55 1234 5678", "CO").e164 == "+525512345678"


def test_panamanian_mobile_and_landline():
    assert normalize_phone("+507 6123-4567", "PA").e164 == "+50761234567"
    assert normalize_phone("223-4567", "PA").e164 == "+5072234567"


def test_a_refused_panamanian_number_shows_a_panamanian_example():
    with pytest.raises(InvalidValue) as refused:
        normalize_phone("12", "PA")
    assert "+507 223-4567" in refused.value.message
