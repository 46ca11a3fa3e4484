"""Phones read as people dial them (issue 17): "310 6149927" with a tel: link, not the stored
"+573106149927"; a number of another country keeps its country code."""

from django.template import Context, Template


def render(number: str, country: str = "") -> str:
    page = Template("{% load formats %}{{ number|phone:country }}")
    return page.render(Context({"number": number, "country": country}))


def test_a_colombian_mobile_and_landline_in_national_format_with_a_tel_link():
    assert render("+573106149927") == '<a href="tel:+573106149927">310 6149927</a>'
    assert render("+576063134484") == '<a href="tel:+576063134484">(606) 3134484</a>'


def test_a_number_of_another_country_keeps_its_code_unless_that_is_the_clients_country():
    assert ">+52 55 1234 5678<" in render("+525512345678")
    assert ">55 1234 5678<" in render("+525512345678", "MX")


def test_what_is_not_a_number_is_shown_escaped_without_a_link():
    assert render("<llamar a recepción>") == "&lt;llamar a recepción&gt;"
    assert render("") == ""
