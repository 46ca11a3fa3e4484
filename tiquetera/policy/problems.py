"""What is wrong with a policy file: `Problem`, `PolicyFileError`, parser errors in plain words."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from django.utils.translation import gettext as _
from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .locate import PathPart

FieldPath = tuple[PathPart, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SYNTAX_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def format_path(path: Sequence[PathPart]) -> str:
    """('calendars', 'regular', 'hours', 'mon-fri', 1) -> 'calendars.regular.hours.mon-fri[1]'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            key = part if _BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
            text += f".{key}" if text else key
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a policy file, at a field path (and a line, once located)."""

    path: FieldPath
    message: str
    line: int | None = None
    column: int | None = None

    def text(self, filename: str) -> str:
        """'policy.toml:12: calendars.regular.hours.mon-fri[1]: “25:00” is not a time ...'."""
        where = filename
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return ": ".join(p for p in (where, format_path(self.path), self.message) if p)


class PolicyFileError(ValueError):
    """A policy file that cannot be used; `problems` says every reason found."""

    def __init__(self, filename: str, problems: Sequence[Problem]) -> None:
        self.filename = filename
        self.problems = tuple(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [problem.text(self.filename) for problem in self.problems]


def unique(problems: Sequence[Problem]) -> list[Problem]:
    """`problems` with repeats left out, in order."""
    return list(dict.fromkeys(problems))


# --- pydantic and tomllib errors in plain words ------------------------------------------------
def syntax_problem(error: tomllib.TOMLDecodeError) -> Problem:
    """The TOML syntax error as a problem, at the line and column tomllib gives."""
    detail = str(error)
    line = column = None
    if match := _SYNTAX_POSITION.search(detail):
        line, column = int(match[1]), int(match[2])
        detail = detail[: match.start()]
    return Problem((), _("This is not valid TOML: %(detail)s.") % {"detail": detail}, line, column)


def shape_problem(detail: ErrorDetails, schema: type[BaseModel]) -> Problem:
    """One pydantic error as a problem; `schema` is the whole file's model (for 'did you
    mean')."""
    path: FieldPath = tuple(detail["loc"])
    kind = detail["type"]
    context: dict[str, Any] = dict(detail.get("ctx") or {})
    shown = {"value": _show(detail.get("input"))}
    if kind == "extra_forbidden":
        key = str(path[-1])
        message = _("Unknown key “%(key)s”.") % {"key": key}
        if close := difflib.get_close_matches(key, _keys_at(schema, path[:-1]), n=1, cutoff=0.6):
            message = _("Unknown key “%(key)s”; did you mean “%(close)s”?") % {
                "key": key,
                "close": close[0],
            }
        return Problem(path, message)
    if kind == "policy_value":  # our own validators' messages, already in plain words
        return Problem(path, detail["msg"])
    messages = {
        "missing": _("This key is required."),
        "string_type": _("Must be text in quotes, not %(value)s."),
        "bool_type": _("Must be true or false, not %(value)s."),
        "int_type": _("Must be a whole number, not %(value)s."),
        "list_type": _('Must be a list such as ["09:00-13:00"], not %(value)s.'),
        "dict_type": _("Must be a table, not %(value)s."),
        "model_type": _("Must be a table, not %(value)s."),
        "date_type": _("Must be a date such as 2026-12-24, without quotes, not %(value)s."),
        "literal_error": _("Must be %(expected)s, not %(value)s."),
        "string_too_short": _("Cannot be empty."),
        "string_too_long": _("Is too long: at most %(max_length)s characters."),
        "too_short": _("Cannot be an empty list: list something, or leave the key out."),
    }
    template = messages.get(kind)
    if template is None:
        return Problem(path, detail["msg"])
    return Problem(path, template % {**context, **shown})


def _show(value: object) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _keys_at(schema: type[BaseModel], path: FieldPath) -> list[str]:
    """The keys `schema` allows in the table at `path` (for 'did you mean')."""
    annotation: Any = schema
    for part in path:
        annotation = _strip_optional(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif get_origin(annotation) in (dict, list):
            annotation = get_args(annotation)[-1]
        else:
            return []
    annotation = _strip_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, UnionType):
        options = [a for a in get_args(annotation) if a is not NoneType]
        return options[0] if len(options) == 1 else annotation
    if get_origin(annotation) is Annotated:
        return get_args(annotation)[0]
    return annotation
