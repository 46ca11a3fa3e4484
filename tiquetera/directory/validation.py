"""Checks and normal forms for what clients type: phone numbers, email addresses, tax ids.

Pure functions (no models, no database): services, admin forms and the CSV import all call them,
so a value is judged the same way wherever it comes in. Refusals are `InvalidValue` errors with a
code, the field and a translated message that says what to write instead.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .errors import InvalidValue

# --- Phones -----------------------------------------------------------------------------------

# What we show as "write it like this"; Colombia's is seed 004's own example in the 2021 form.
PHONE_EXAMPLES = {
    "CO": "+57 606 3134484",
    "MX": "+52 55 1234 5678",
    "PA": "+507 223-4567",
}

# Before Colombia's 2021–2022 numbering change a landline was a 1-digit area code + 7 digits
# (seed 004: "+57 (6) 3134484"); now it is 60 + that area code + the same 7 digits.
_OLD_COLOMBIAN_LANDLINE = re.compile(r"^[124-8]\d{7}$")
# A number that could only be dialled locally (e.g. "3134484") lacks its area or country code.
_WITHOUT_AREA_CODE = (
    phonenumbers.ValidationResult.TOO_SHORT,
    phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
)


@dataclass(frozen=True)
class PhoneResult:
    e164: str
    warning: str | None = None

    @property
    def international(self) -> str:
        """The number grouped for reading, e.g. +57 606 3134484."""
        number = phonenumbers.parse(self.e164)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_example(country: str) -> str:
    """A number of the country written the way we ask clients to write theirs."""
    if country in PHONE_EXAMPLES:
        return PHONE_EXAMPLES[country]
    number = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.FIXED_LINE)
    if number is None:
        return PHONE_EXAMPLES["CO"]
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def national_phone(number: str, country: str) -> str:
    """A stored phone as people dial it: national format when it is of `country` (Colombia
    when empty), international otherwise; text that is not a number stays as it is."""
    region = (country or "CO").upper()
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_possible_number(parsed):
        return number
    style = phonenumbers.PhoneNumberFormat
    home = phonenumbers.region_code_for_number(parsed) == region
    return phonenumbers.format_number(parsed, style.NATIONAL if home else style.INTERNATIONAL)


def normalize_phone(text: str, default_country: str, *, field: str = "phone") -> PhoneResult:
    """The number in E.164, read with `default_country` when it has no "+country" prefix.

    An old Colombian landline ("+57 (6) 3134484") is converted to the 10-digit form with a
    warning saying so; a number without its area code, or not a number at all, is refused with
    the format expected.
    """
    value = text.strip()
    country = default_country.upper() or "CO"
    example = phone_example(country)
    try:
        number = phonenumbers.parse(value, country)
    except phonenumbers.NumberParseException:
        raise InvalidValue(
            "phone_not_a_number",
            _(
                "“%(value)s” is not a phone number: write it with country and area code, e.g. "
                "%(example)s."
            )
            % {"value": value, "example": example},
            field=field,
        ) from None
    warning = None
    national = str(number.national_number)
    if number.country_code == 57 and _OLD_COLOMBIAN_LANDLINE.match(national):
        number = phonenumbers.PhoneNumber(country_code=57, national_number=int("60" + national))
        if phonenumbers.is_valid_number(number):
            warning = _(
                "“%(value)s” is in the old Colombian landline form; it was changed to the "
                "10-digit form %(number)s (60 + area code + number)."
            ) % {"value": value, "number": _international(number)}
    if not phonenumbers.is_valid_number(number):
        if phonenumbers.is_possible_number_with_reason(number) in _WITHOUT_AREA_CODE:
            raise InvalidValue(
                "phone_incomplete",
                _(
                    "The phone number “%(value)s” has no country and area code: write it as "
                    "%(example)s."
                )
                % {"value": value, "example": example},
                field=field,
            )
        raise InvalidValue(
            "phone_invalid",
            _(
                "“%(value)s” is not a valid phone number: write it with country and area code, "
                "e.g. %(example)s."
            )
            % {"value": value, "example": example},
            field=field,
        )
    return PhoneResult(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), warning
    )


def _international(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# --- Email ------------------------------------------------------------------------------------

# Mailboxes of a department rather than a person (seed 004 asks for a personal address). Compared
# with the local part lower-cased, without accents, a "+tag", dots, dashes, underscores and
# trailing digits, so "Ventas.2@x.co" and "facturación@x.co" are caught too.
GENERIC_MAILBOXES = frozenset(
    {
        # Spanish
        "info", "informacion", "ventas", "contacto", "contactenos", "soporte", "admin",
        "administracion", "administrativo", "facturacion", "facturas", "factura",
        "facturaelectronica", "gerencia", "recepcion", "contabilidad", "compras", "comercial",
        "servicioalcliente", "atencionalcliente", "clientes", "cartera", "tesoreria", "sistemas",
        "tecnologia", "rrhh", "talentohumano", "nomina", "reservas", "reservaciones", "hola",
        "pedidos", "oficina", "secretaria", "correo", "notificaciones", "general",
        # English
        "contact", "sales", "support", "help", "helpdesk", "office", "billing", "accounts",
        "accounting", "hello", "team", "noreply", "donotreply", "webmaster", "postmaster",
        "hostmaster", "mail", "marketing", "hr",
    }
)  # fmt: skip


@dataclass(frozen=True)
class EmailResult:
    email: str
    warning: str | None = None


def check_email(text: str, *, field: str = "email") -> EmailResult:
    """The address with its domain lower-cased; a generic mailbox is accepted with a warning."""
    value = text.strip()
    local, at, domain = value.rpartition("@")
    email = f"{local}@{domain.lower()}" if at else value
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidValue(
            "email_invalid",
            _("“%(value)s” is not an email address such as ana.perez@empresa.com.")
            % {"value": value},
            field=field,
        ) from None
    if _mailbox_name(local) in GENERIC_MAILBOXES:
        warning = _(
            "%(email)s looks like a shared mailbox, not a person's: ask for the contact's own "
            "address so replies reach who reported the case."
        ) % {"email": email}
        return EmailResult(email, warning)
    return EmailResult(email)


def _mailbox_name(local: str) -> str:
    plain = unicodedata.normalize("NFKD", local.split("+", 1)[0].lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[._\-]", "", plain).rstrip("0123456789")


# --- Tax ids ----------------------------------------------------------------------------------

# DIAN's weights for the NIT check digit, from the rightmost digit leftwards.
_NIT_WEIGHTS = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)
_NIT = re.compile(r"^(?P<base>\d{5,15})(?:-(?P<dv>\d))?$")
# RFC: 3 letters (companies) or 4 (people), the date YYMMDD, a 3-character homoclave.
_RFC = re.compile(r"^(?P<name>[A-ZÑ&]{3,4})(?P<date>\d{6})(?P<homoclave>[A-Z\d]{3})$")
# Panama's RUC, a pattern check only (the DV algorithm is not published as a standard):
# people use their cédula ("8-123-456", "PE-12-345", "E-8-123456", "8-AV-12-345"), companies
# the registry's folio-asiento-year or tomo-folio-asiento ("155612345-2-2021", "1234-567-89012");
# the 2-digit DV may follow as " DV 45".
_RUC = re.compile(
    r"^(?P<number>(?:PE|E|N|(?:[1-9]|1[0-3])(?:-?(?:AV|PI))?|\d{1,10})-\d{1,5}-\d{1,7})"
    r"(?: ?DV ?(?P<dv>\d{1,2}))?$"
)


def nit_check_digit(base: str) -> int:
    """DIAN's check digit ("dígito de verificación") of a NIT's digits."""
    total = sum(int(d) * w for d, w in zip(reversed(base), _NIT_WEIGHTS, strict=False))
    remainder = total % 11
    return remainder if remainder < 2 else 11 - remainder


def validate_tax_id(country: str, value: str, *, field: str = "tax_id") -> str:
    """The tax id in its normal form for the country, or "" when none was given.

    Colombia: NIT digits, optionally "-" and the check digit, which must be right
    ("900.123.456-7" -> "900123456-7"). Mexico: RFC of 12 (company) or 13 (person) characters
    with a real date. Panama: RUC by pattern. Other countries: the text as given, trimmed.
    """
    text = " ".join(value.split())
    if not text:
        return ""
    country = country.upper()
    if country == "CO":
        return _nit(text, field)
    if country == "MX":
        return _rfc(text, field)
    if country == "PA":
        return _ruc(text, field)
    if len(text) > 32:
        raise InvalidValue(
            "tax_id_too_long",
            _("The tax id “%(value)s” is longer than 32 characters.") % {"value": text},
            field=field,
        )
    return text


def _nit(text: str, field: str) -> str:
    compact = re.sub(r"[\s.,]", "", text)
    match = _NIT.match(compact)
    if match is None:
        raise InvalidValue(
            "nit_invalid",
            _(
                "The NIT “%(value)s” is not valid: write its digits and, optionally, a hyphen and "
                "the check digit, e.g. 900123456-8."
            )
            % {"value": text},
            field=field,
        )
    base, dv = match["base"], match["dv"]
    if dv is None:
        return base
    expected = nit_check_digit(base)
    if int(dv) != expected:
        raise InvalidValue(
            "nit_check_digit",
            _("The check digit of the NIT “%(value)s” is wrong: for %(base)s it is %(expected)s.")
            % {"value": text, "base": base, "expected": expected},
            field=field,
        )
    return f"{base}-{dv}"


def _rfc(text: str, field: str) -> str:
    compact = re.sub(r"[\s\-]", "", text).upper()
    match = _RFC.match(compact)
    if match is None or not _is_yymmdd(match["date"]):
        raise InvalidValue(
            "rfc_invalid",
            _(
                "The RFC “%(value)s” is not valid: a company's has 12 characters (e.g. "
                "ABC680524P76), a person's 13 (e.g. GODE561231GR8)."
            )
            % {"value": text},
            field=field,
        )
    return compact


def _is_yymmdd(digits: str) -> bool:
    try:
        # 2000 is a leap year, so 29 February of any year is accepted.
        dt.date(2000, int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return False
    return True


def _ruc(text: str, field: str) -> str:
    compact = re.sub(r"\s*-\s*", "-", text.upper())
    match = _RUC.match(compact)
    if match is None:
        raise InvalidValue(
            "ruc_invalid",
            _(
                "The RUC “%(value)s” is not valid: write it as on the registry, e.g. 8-123-456 for "
                "a person or 155612345-2-2021 DV 45 for a company."
            )
            % {"value": text},
            field=field,
        )
    number = match["number"]
    return f"{number} DV {match['dv']}" if match["dv"] else number
