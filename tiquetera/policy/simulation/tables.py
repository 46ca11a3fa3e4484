"""The report as text tables for the command line, in the active language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _


def _table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    cells = [[str(h) for h in headers]] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["", title, "-" * len(title)]
    for index, row in enumerate(cells):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    if not rows:
        lines.append(_("(none)"))
    return lines


def _signed(value: Any) -> str:
    text = str(value)
    return text if text.startswith("-") or text in ("0", "0.00") else f"+{text}"


def render(report: dict[str, Any]) -> str:
    """Every table of the report, current beside proposed with the difference."""
    now, then, diff = _("Current"), _("Proposed"), _("Difference")
    lines = [
        _(
            "Simulation of %(file)s (policy %(policy)s), cases received from %(start)s to %(end)s: "
            "%(cases)s."
        )
        % {
            "file": report["file"],
            "policy": report["policy"],
            "start": report["from"],
            "end": report["to"],
            "cases": report["cases"],
        }
    ]
    lines += _table(
        _("Outcomes by reason"),
        [_("Outcome"), now, then, diff],
        [
            [r["text"], r["current"], r["proposed"], _signed(r["difference"])]
            for r in report["outcomes"]
        ],
    )
    lines += _table(
        _("Cases whose outcome changes"),
        [_("Case"), _("Organization"), now, _("Rule"), then, _("Rule")],
        [
            [
                c["case"],
                c["organization"],
                c["current"]["text"],
                c["current"]["rule_text"],
                c["proposed"]["text"],
                c["proposed"]["rule_text"],
            ]
            for c in report["changed_cases"]
        ],
    )
    lines += _table(
        _("Tickets taken from the plans"),
        [_("Plan"), _("Priority"), now, then, diff],
        [
            [r["plan"], r["priority"], r["current"], r["proposed"], _signed(r["difference"])]
            for r in report["entitlements"]
        ],
    )
    lines += _table(
        _("Billing by type"),
        [_("Type"), _("Currency"), now, then, diff],
        [
            [
                r["text"],
                r["currency"],
                f"{r['current']} ({r['current_cases']})",
                f"{r['proposed']} ({r['proposed_cases']})",
                _signed(r["difference"]),
            ]
            for r in report["revenue"]
        ],
    )
    lines += _table(
        _("SLA compliance"),
        [_("Target"), _("Severity"), now, then, _("Late, difference")],
        [
            [
                r["text"],
                r["severity"] or "—",
                _compliance(r["current"]),
                _compliance(r["proposed"]),
                _signed(r["difference"]),
            ]
            for r in report["sla"]
        ],
    )
    lines += _table(
        _("Deadlines that change"),
        [_("Case"), _("Target"), now, then],
        [
            [c["case"], c["text"], _deadline(c["current"]), _deadline(c["proposed"])]
            for c in report["sla_changes"]
        ],
    )
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
