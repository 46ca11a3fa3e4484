"""Value types of the API's input schemas, for what the models and forms constrain beyond a
length: said in the OpenAPI document (format, pattern) and checked before a view runs (422)."""

import re
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

EMAIL_MAX = 254
# a decimal as text, as amounts and quantities cross JSON exactly: "12", "1.5", "2000000.00"
DECIMAL_TEXT = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
WHOLE_MAX = 999_999_999_999


def _email_or_empty(value: str) -> str:
    if value == "":
        return value
    try:
        if len(value) > EMAIL_MAX:
            raise DjangoValidationError("too long")
        validate_email(value)
    except DjangoValidationError:
        raise ValueError("not an email address") from None
    return value


def _decimal_text(value: Any) -> Any:
    """Text matching DECIMAL_TEXT, or a whole number; never a float (its cents are not exact)."""
    if isinstance(value, float) and value.is_integer():  # JSON's 1337.0 is the integer 1337
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("a decimal as text, e.g. “12.50”, or a whole number")
    if isinstance(value, str) and not re.fullmatch(DECIMAL_TEXT, value):
        raise ValueError("a decimal as text, e.g. “12.50”")
    if isinstance(value, int) and not 0 <= value <= WHOLE_MAX:
        raise ValueError(f"a whole number from 0 to {WHOLE_MAX}")
    return value


# An email address, or "" for none given.
EmailOrEmpty = Annotated[
    str,
    AfterValidator(_email_or_empty),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "email", "maxLength": EMAIL_MAX}, {"const": ""}]}
    ),
]
DecimalText = Annotated[
    str,
    AfterValidator(_decimal_text),
    WithJsonSchema({"type": "string", "pattern": DECIMAL_TEXT}),
]
# Money in a body: "1500000.00" (or a whole number, 1500000), at most two decimals, never negative.
Money = Annotated[
    Decimal,
    BeforeValidator(_decimal_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": DECIMAL_TEXT},
                {"type": "integer", "minimum": 0, "maximum": WHOLE_MAX},
            ]
        }
    ),
]
# Said in the document; checked by `tickets.intake.idempotency.valid_key`, whose refusal is a
# 400 with its own code (invalid_idempotency_key), as docs/api.md tells.
IdempotencyKey = Annotated[
    str | None,
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}),
]
