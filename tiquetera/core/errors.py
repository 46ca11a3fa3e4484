"""The base of every app's domain refusals: a stable code for programs and a message in the
active language, taken from the app's own table of messages."""

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

from django.utils.functional import Promise

from .dates import short_date, short_datetime


class DomainError(Exception):
    """A change or request refused. Subclasses set `messages` (code -> translatable text with
    %(name)s placeholders). Parameters may be lazy translations (e.g. status labels): they are
    rendered in the language active when `message` is read; a date or a moment as our lists
    write it ("7 dic 2026"), never in ISO."""

    messages: ClassVar[Mapping[str, Promise | str]] = {}

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        """The message in the active language."""
        params = {name: _readable(value) for name, value in self.params.items()}
        return str(self.messages[self.code]) % params

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def _readable(value: object) -> object:
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        return short_datetime(value)
    if isinstance(value, dt.date):
        return short_date(value)
    return value
