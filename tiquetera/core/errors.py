"""The base of every app's domain refusals: a stable code for programs and a message in the
active language, taken from the app's own table of messages."""

from collections.abc import Mapping
from typing import ClassVar

from django.utils.functional import Promise


class DomainError(Exception):
    """A change or request refused. Subclasses set `messages` (code -> translatable text with
    %(name)s placeholders). Parameters may be lazy translations (e.g. status labels): they are
    rendered in the language active when `message` is read."""

    messages: ClassVar[Mapping[str, Promise | str]] = {}

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        """The message in the active language."""
        params = {k: str(v) if isinstance(v, Promise) else v for k, v in self.params.items()}
        return str(self.messages[self.code]) % params

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
