"""The machinery shared by every kind of CSV import: reading the file, checking every row
first, writing the good ones in one transaction, and parsing common cells."""

import csv
import io
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.db import transaction
from django.utils.translation import gettext as _

from tiquetera.policy.models import Policy

from ..errors import DirectoryError, InvalidInput, InvalidValue
from ..models import Organization


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str


@dataclass
class Row:
    """One record of the file: its first line and its cells by canonical column name."""

    line: int
    cells: dict[str, str]

    def has(self, column: str) -> bool:
        return column in self.cells

    def get(self, column: str, default: str = "") -> str:
        return self.cells.get(column, default).strip()


@dataclass
class Planned:
    """A checked row, ready to write: the existing object (None: create) and the fields."""

    row: Row
    key: tuple[Any, ...]
    existing: Any
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)  # about the text as typed


@dataclass
class Report:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def bad_lines(self) -> int:
        return len({p.line for p in self.problems})


class UnreadableFile(DirectoryError):
    """The file as a whole cannot be read (encoding, missing or unknown columns)."""


Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]


def no_progress(items: Iterable[Any], total: int, description: str) -> Iterable[Any]:
    return items


# --- Reading ----------------------------------------------------------------------------------


def header_key(text: str) -> str:
    """'Razón social' -> 'razon_social': lower case, no accents, words joined by '_'."""
    plain = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def read_rows(path: Path, kind: "ImportKind") -> tuple[list[Row], dict[str, str]]:
    """The file's records, and the header as written for each canonical column."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UnreadableFile(
            "not_utf8",
            _("Line %(line)s is not UTF-8: save the file as “CSV UTF-8”.") % {"line": line},
        ) from None
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, [])
    columns = [kind.column_for(name) for name in header]
    unknown = [name for name, column in zip(header, columns, strict=True) if column is None]
    if unknown:
        raise UnreadableFile(
            "unknown_columns",
            _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(kind.columns)},
        )
    written = {c: name.strip() for c, name in zip(columns, header, strict=True) if c}
    missing = [c for c in kind.required if c not in written]
    if missing:
        raise UnreadableFile(
            "missing_columns",
            _("The file needs the columns: %(missing)s.") % {"missing": ", ".join(missing)},
        )
    rows: list[Row] = []
    line = reader.line_num + 1
    for record in reader:
        if any(cell.strip() for cell in record):
            cells = {c: v for c, v in zip(columns, record, strict=False) if c is not None}
            rows.append(Row(line, cells))
        line = reader.line_num + 1
    return rows, written


# --- Running ----------------------------------------------------------------------------------


def run_import(
    kind: "ImportKind",
    path: Path,
    *,
    skip_bad: bool = False,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> Report:
    """Checks every row, then (when none is bad, or with skip_bad) writes the good ones in one
    transaction; a dry run rolls the writes back, so its counts are what a real run would do."""
    rows, headers = read_rows(path, kind)
    report = Report(kind.name, rows=len(rows))
    kind.load()
    planned: list[Planned] = []
    seen: dict[tuple[Any, ...], int] = {}
    for row in progress(rows, len(rows), _("checking")):
        try:
            plan = kind.check(row)
        except InvalidInput as error:
            report.problems += [
                Problem(row.line, headers.get(p.field, p.field), p.message) for p in error.problems
            ]
            continue
        if plan.key in seen:
            report.problems.append(
                Problem(
                    row.line,
                    headers.get(kind.key_column, kind.key_column),
                    _("The same %(what)s as line %(line)s.")
                    % {"what": kind.describe_key(plan), "line": seen[plan.key]},
                )
            )
            continue
        seen[plan.key] = row.line
        planned.append(plan)
    if report.problems and not skip_bad:
        return report
    with transaction.atomic():
        for plan in progress(planned, len(planned), _("importing")):
            created, changed = kind.apply(plan)
            report.created += created
            report.updated += changed and not created
            report.unchanged += not (created or changed)
            report.warnings += [Problem(plan.row.line, "", w) for w in plan.warnings]
        report.written = not dry_run
        transaction.set_rollback(dry_run)
    return report


class ImportKind(ABC):
    """One kind of CSV file: its columns (canonical name -> accepted aliases), how a row is
    checked into a `Planned` write, and how that write is made."""

    name: ClassVar[str]
    columns: ClassVar[dict[str, tuple[str, ...]]]
    required: ClassVar[tuple[str, ...]]
    key_column: ClassVar[str]

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._aliases = {
            header_key(alias): column
            for column, aliases in self.columns.items()
            for alias in (column, *aliases)
        }

    def column_for(self, header: str) -> str | None:
        return self._aliases.get(header_key(header))

    @abstractmethod
    def load(self) -> None:
        """Fetch what rows are matched against (a few queries, never one per row)."""

    @abstractmethod
    def check(self, row: Row) -> Planned:
        """The row checked and normalised; raises InvalidInput naming every bad field."""

    @abstractmethod
    def apply(self, plan: Planned) -> tuple[bool, bool]:
        """Writes the row: (created, changed)."""

    @abstractmethod
    def describe_key(self, plan: Planned) -> str:
        """What identifies the row, for the duplicate message."""


# --- Parsing cells ----------------------------------------------------------------------------

_TRUE = {"1", "x", "si", "s", "yes", "y", "true", "verdadero"}
_FALSE = {"0", "no", "n", "false", "falso"}


def parse_flag(text: str, column: str, problems: list[InvalidValue]) -> bool | None:
    word = header_key(text)
    if not word:
        return None
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    problems.append(
        InvalidValue(
            "not_yes_or_no",
            _("“%(value)s” is not yes or no (write sí or no).") % {"value": text},
            field=column,
        )
    )
    return None


def parse_choice(
    text: str, choices: Mapping[str, str], column: str, message: str, problems: list[InvalidValue]
) -> str | None:
    if not text:
        return None
    if (value := choices.get(header_key(text))) is None:
        problems.append(InvalidValue("unknown_choice", message % {"value": text}, field=column))
    return value


def compact_tax_id(tax_id: str) -> str:
    """A tax id reduced to its letters and digits, to match however it was typed."""
    return re.sub(r"[^0-9A-ZÑ&]", "", tax_id.upper())


class OrganizationLookup:
    """A policy's organizations by tax id (a Colombian NIT also without its check digit) and by
    legal name, for the kinds whose rows name an organization."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.index: dict[str, list[Organization]] = {}
        for org in Organization.objects.filter(policy=policy).select_related("policy"):
            names = {org.legal_name.casefold()}
            if org.tax_id:
                names.add(compact_tax_id(org.tax_id))
            if org.tax_id and org.country == "CO":  # a NIT is often written without its DV
                names.add(compact_tax_id(org.tax_id.split("-")[0]))
            for name in names:
                self.index.setdefault(name, []).append(org)

    def find(self, text: str, problems: list[InvalidValue]) -> Organization | None:
        """The one organization `text` names, or None with the problem added."""
        if not text:
            problems.append(
                InvalidValue(
                    "required",
                    _("The organization is required: its tax id or legal name."),
                    field="organization",
                )
            )
            return None
        found = self.index.get(compact_tax_id(text)) or self.index.get(
            " ".join(text.split()).casefold()
        )
        if found and len(found) == 1:
            return found[0]
        message = (
            _("Several organizations match “%(value)s”: use the tax id.")
            if found
            else _("No organization of %(policy)s has the tax id or legal name “%(value)s”.")
        )
        problems.append(
            InvalidValue(
                "organization_not_found",
                message % {"value": text, "policy": self.policy.name},
                field="organization",
            )
        )
        return None
