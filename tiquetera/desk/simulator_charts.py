"""A Chart.js chart per table of a simulation's report, current beside proposed, drawn by the
dashboard's script (`reports/dashboard.js`) from the same report the table and CSV come from.
The lists of cases (outcomes, deadlines and places in the queue that change) are tables only:
a bar per case says less than its row."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from tiquetera.reports.charts import Chart, Dataset


def _pair(
    key: str,
    title: str,
    rows: list[dict[str, Any]],
    label: Callable[[dict[str, Any]], str],
    value: Callable[[dict[str, Any], str], float],
) -> Chart | None:
    if not rows:
        return None
    return Chart(
        key=f"simulation-{key}",
        title=title,
        header=[],
        rows=[],
        labels=[label(row) for row in rows],
        datasets=[
            Dataset(_("Current"), [value(row, "current") for row in rows], "running"),
            Dataset(_("Proposed"), [value(row, "proposed") for row in rows], "warning"),
        ],
        horizontal=len(rows) > 6,
    )


def chart_of(key: str, report: dict[str, Any]) -> Chart | None:
    """The chart of table `key` (None: that table has none, or no rows)."""
    if key == "outcomes":
        return _pair(
            key,
            _("Cases per outcome"),
            report["outcomes"],
            lambda row: row["text"],
            lambda row, side: row[side],
        )
    if key == "entitlements":
        return _pair(
            key,
            _("Tickets taken per plan and priority"),
            report["entitlements"],
            lambda row: f"{row['plan']} · {row['priority']}",
            lambda row, side: row[side],
        )
    if key == "revenue":
        return _pair(
            key,
            _("Amount billed per type"),
            report["revenue"],
            lambda row: f"{row['text']} ({row['currency']})",
            lambda row, side: float(Decimal(row[side])),
        )
    if key == "sla":
        return _pair(
            key,
            _("Late clocks per target and severity"),
            report["sla"],
            lambda row: f"{row['text']} · {row['severity'] or '—'}",
            lambda row, side: row[side]["late"],
        )
    if key == "sla-organizations":
        return _pair(
            key,
            _("Late clocks per organization and target"),
            report.get("sla_organizations", []),
            lambda row: f"{row['organization']} · {row['text']}",
            lambda row, side: row[side]["late"],
        )
    return None
