"""The report as tables, in the active language: one source for the command line's text, the
desk's page and its CSV downloads (`tables`), and the text the command prints (`render`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# The rows of a list of cases (outcome, deadline, place in the queue that change) the page and
# the command line show, most significant first: a quarter of a big desk's cases can change.
# The CSV and the JSON keep every row.
SHOWN = 200


@dataclass(frozen=True)
class Table:
    key: str  # in the desk's URLs (/simulator/ID/KEY.csv) and the page's element ids
    title: str
    headers: list[str]
    rows: list[list[str]]
    total: int | None = None  # the table's rows in all, when `rows` holds only the first ones

    @property
    def hidden(self) -> int:
        """How many rows are left out of `rows` (0: it holds them all)."""
        return 0 if self.total is None else self.total - len(self.rows)


def _text(table: Table) -> list[str]:
    cells = [table.headers, *table.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.headers))]
    lines = ["", table.title, "-" * len(table.title)]
    for index, row in enumerate(cells):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    if not table.rows:
        lines.append(_("(none)"))
    if table.hidden:
        lines.append(
            _("… and %(n)s more (%(total)s in all): --json FILE writes every row.")
            % {"n": table.hidden, "total": table.total}
        )
    return lines


def _signed(value: Any) -> str:
    text = str(value)
    return text if text.startswith("-") or text in ("0", "0.00") else f"+{text}"


def _strings(rows: Iterable[Sequence[Any]]) -> list[list[str]]:
    return [[str(cell) for cell in row] for row in rows]


def summary(report: dict[str, Any]) -> str:
    text = _(
        "Simulation of %(file)s (policy %(policy)s), cases received from %(start)s to %(end)s: "
        "%(cases)s."
    ) % {
        "file": report["file"],
        "policy": report["policy"],
        "start": report["from"],
        "end": report["to"],
        "cases": report["cases"],
    }
    if "queue" in report:
        text += " " + _(
            "In the agents' queue at the report's moment: %(current)s as recorded, "
            "%(proposed)s under the file."
        ) % {"current": report["queue"]["current"], "proposed": report["queue"]["proposed"]}
    return text


def _first(rows: list[Any], limit: int | None) -> tuple[list[Any], int | None]:
    """The first `limit` rows (all with None) and, when some are left out, how many in all."""
    if limit is None or len(rows) <= limit:
        return rows, None
    return rows[:limit], len(rows)


def tables(report: dict[str, Any], *, limit: int | None = None) -> list[Table]:
    """Every table of the report, current beside proposed with the difference; the lists of
    cases with their first `limit` rows only (None: all, as the CSV), and their count."""
    now, then, diff = _("Current"), _("Proposed"), _("Difference")
    changed, changed_total = _first(report["changed_cases"], limit)
    deadlines, deadlines_total = _first(report["sla_changes"], limit)
    queue, queue_total = _first(report.get("queue", {}).get("changes", []), limit)
    return [
        Table(
            "outcomes",
            _("Outcomes by reason"),
            [_("Outcome"), now, then, diff],
            _strings(
                [r["text"], r["current"], r["proposed"], _signed(r["difference"])]
                for r in report["outcomes"]
            ),
        ),
        Table(
            "changed-cases",
            _("Cases whose outcome changes"),
            [_("Case"), _("Organization"), now, _("Rule"), then, _("Rule")],
            _strings(
                [
                    c["case"],
                    c["organization"],
                    c["current"]["text"],
                    c["current"]["rule_text"],
                    c["proposed"]["text"],
                    c["proposed"]["rule_text"],
                ]
                for c in changed
            ),
            changed_total,
        ),
        Table(
            "entitlements",
            _("Tickets taken from the plans"),
            [_("Plan"), _("Priority"), now, then, diff],
            _strings(
                [r["plan"], r["priority"], r["current"], r["proposed"], _signed(r["difference"])]
                for r in report["entitlements"]
            ),
        ),
        Table(
            "revenue",
            _("Billing by type"),
            [_("Type"), _("Currency"), now, then, diff],
            _strings(
                [
                    r["text"],
                    r["currency"],
                    f"{r['current']} ({r['current_cases']})",
                    f"{r['proposed']} ({r['proposed_cases']})",
                    _signed(r["difference"]),
                ]
                for r in report["revenue"]
            ),
        ),
        Table(
            "sla",
            _("SLA compliance"),
            [_("Target"), _("Severity"), now, then, _("Late, difference")],
            _strings(
                [
                    r["text"],
                    r["severity"] or "—",
                    _compliance(r["current"]),
                    _compliance(r["proposed"]),
                    _signed(r["difference"]),
                ]
                for r in report["sla"]
            ),
        ),
        Table(
            "sla-organizations",
            _("SLA compliance per organization"),
            [_("Organization"), _("Target"), now, then, _("Late, difference")],
            _strings(
                [
                    r["organization"],
                    r["text"],
                    _compliance(r["current"]),
                    _compliance(r["proposed"]),
                    _signed(r["difference"]),
                ]
                for r in report.get("sla_organizations", [])
            ),
        ),
        Table(
            "sla-changes",
            _("Deadlines that change"),
            [_("Case"), _("Target"), now, then],
            _strings(
                [c["case"], c["text"], _deadline(c["current"]), _deadline(c["proposed"])]
                for c in deadlines
            ),
            deadlines_total,
        ),
        Table(
            "queue",
            _("Open cases whose place in the queue changes"),
            [_("Case"), _("Organization"), _("Severity"), now, then, _("Moves")],
            _strings(
                [
                    c["case"],
                    c["organization"],
                    c["severity"],
                    _place(c["current"], c["current_due_at"]),
                    _place(c["proposed"], c["proposed_due_at"]),
                    _moves(c["moves"]),
                ]
                for c in queue
            ),
            queue_total,
        ),
    ]


def _place(place: int | None, due_at: str | None) -> str:
    if place is None:
        return _("not in the queue")
    deadline = due_at or _("no deadline")
    return _("%(place)s.º (%(deadline)s)") % {"place": place, "deadline": deadline}


def _moves(moves: int | None) -> str:
    if moves is None:
        return "—"
    if moves > 0:
        return _("%(n)s up") % {"n": moves}
    return _("%(n)s down") % {"n": -moves}


def render(report: dict[str, Any], *, limit: int | None = SHOWN) -> str:
    """The summary and every table, as the command line prints them (the lists of cases with
    their first `limit` rows)."""
    lines = [summary(report)]
    for table in tables(report, limit=limit):
        lines += _text(table)
    return "\n".join(lines) + "\n"


def _compliance(side: dict[str, Any]) -> str:
    if not side["clocks"]:
        return "—"
    return _("%(late)s of %(clocks)s late (%(rate)s %% on time)") % {
        "late": side["late"],
        "clocks": side["clocks"],
        "rate": side["on_time_rate"],
    }


def _deadline(clock: dict[str, Any]) -> str:
    due = clock["due_at"] or "—"
    return f"{due} ({_('late') if clock['late'] else _('on time')})"
