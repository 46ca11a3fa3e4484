"""The directory's domain errors: a stable code for programs, a translated message for people."""


class DirectoryError(Exception):
    """Base of the directory's refusals; `message` is already in the user's language."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class InvalidValue(DirectoryError):
    """One value refused; `field` names the model field (and CSV column) it belongs to."""

    def __init__(self, code: str, message: str, *, field: str) -> None:
        super().__init__(code, message)
        self.field = field


class InvalidInput(DirectoryError):
    """Several values refused at once, so a form or a CSV row can show every problem together."""

    def __init__(self, problems: list[InvalidValue]) -> None:
        super().__init__("invalid_input", "; ".join(p.message for p in problems))
        self.problems = problems


class NotAllowed(DirectoryError):
    """The actor may not make this change."""
