"""Refusals of the tickets app: a code for programs and a translated message."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise] = {
    "illegal_transition": _("A case cannot go from “%(source)s” to “%(target)s”."),
    "unknown_status": _("“%(value)s” is not a case status."),
}


class TicketsError(Exception):
    """A change the tickets app refuses: `code` says why. Parameters may be lazy translations
    (status labels); they are rendered in the language active when `message` is read."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        """The message in the active language."""
        return str(MESSAGES[self.code]) % {key: str(value) for key, value in self.params.items()}

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
