"""The comparison a simulation reports, current (as recorded) beside proposed (under the file):
outcomes by reason and the cases whose outcome changes, entitlement use per plan, what would be
billed by type, SLA compliance per target and severity and per organization, and the open cases
whose place in the queue changes, each with the difference. Plain
data (codes and, beside them, the words a person reads), ready for JSON and for the tables."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Container, Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from tiquetera.contracts.models import Consumption
from tiquetera.core.labels import reason_label, rule_label
from tiquetera.sla.models import Metric
from tiquetera.tickets.models import Case

from . import charges, run
from .charges import Totals
from .facts import CONSUMPTION_RULE, CaseFacts, ClockFacts
from .queue_order import queue_changes
from .run import Simulation


def _intake_word(code: str) -> str:
    return str(Case.Intake(code).label) if code in Case.Intake.values else code


def _consumption_word(code: str) -> str:
    if not code:
        return _("took no ticket")
    return str(Consumption.Outcome(code).label) if code in Consumption.Outcome.values else code


def _rule_word(code: str) -> str:
    if code == CONSUMPTION_RULE:
        return _("the plan's quota")
    return rule_label(code) if code else ""


def _verdict(fact: CaseFacts) -> dict[str, str]:
    return {
        "intake": fact.intake,
        "reason": fact.reason,
        "rule": fact.rule,
        "consumption": fact.consumption,
        "text": ", ".join(
            part
            for part in (
                _intake_word(fact.intake),
                reason_label(fact.reason) if fact.reason else "",
                _consumption_word(fact.consumption),
            )
            if part
        ),
        "rule_text": _rule_word(fact.rule),
    }


def _side_by_side(current: Counter[Any], proposed: Counter[Any]) -> list[tuple[Any, int, int]]:
    keys = sorted(set(current) | set(proposed), key=str)
    return [(key, current[key], proposed[key]) for key in keys]


def outcomes(sim: Simulation) -> list[dict[str, Any]]:
    def count(facts: Iterable[CaseFacts]) -> Counter[tuple[str, str]]:
        return Counter((fact.intake, fact.reason) for fact in facts)

    return [
        {
            "intake": intake,
            "reason": reason,
            "text": _intake_word(intake) + (f": {reason_label(reason)}" if reason else ""),
            "current": now,
            "proposed": then,
            "difference": then - now,
        }
        for (intake, reason), now, then in _side_by_side(count(sim.current), count(sim.proposed))
    ]


def changed_cases(sim: Simulation) -> list[dict[str, Any]]:
    """The cases whose verdict changes, most significant first (`_weight`), then by arrival."""
    changed = [
        (now, then)
        for now, then in zip(sim.current, sim.proposed, strict=True)
        if now.verdict() != then.verdict()
    ]
    changed.sort(key=lambda pair: _weight(*pair))  # stable: arrival order within a weight
    words: dict[tuple[str, ...], dict[str, str]] = {}  # a verdict in words, once each

    def verdict(fact: CaseFacts) -> dict[str, str]:
        key = (*fact.verdict(), fact.rule)
        if key not in words:
            words[key] = _verdict(fact)
        return words[key]

    return [
        {
            "case": now.number,
            "organization": now.organization,
            "received_at": now.received_at.isoformat(),
            "current": verdict(now),
            "proposed": verdict(then),
        }
        for now, then in changed
    ]


def _weight(now: CaseFacts, then: CaseFacts) -> int:
    """0: let in on one side, parked or refused on the other; 1: the same intake for another
    reason; 2: only what it consumed changes."""
    if now.intake != then.intake:
        return 0
    return 1 if now.reason != then.reason else 2


def entitlements(sim: Simulation) -> list[dict[str, Any]]:
    def count(facts: Iterable[CaseFacts]) -> Counter[tuple[str, str]]:
        return Counter(
            (fact.plan, fact.priority)
            for fact in facts
            if fact.consumption == Consumption.Outcome.COVERED
        )

    return [
        {
            "plan": plan,
            "priority": priority,
            "current": now,
            "proposed": then,
            "difference": then - now,
        }
        for (plan, priority), now, then in _side_by_side(count(sim.current), count(sim.proposed))
    ]


def revenue(
    sim: Simulation, after_arrival: tuple[Totals, Totals], unbilled: Container[str] = ()
) -> list[dict[str, Any]]:
    """Per type and currency: what the cases' arrivals billed (extra tickets, per-event
    services: each side's consumption at its price, the file's set by the live consumption on
    replay), beside `after_arrival` (time, on-site visits, travel expenses and plan fees, current
    and proposed: `charges`). The cases in `unbilled` (declined by the client, or credited back:
    `charges.unbilled`) bill nothing on either side."""

    def total(facts: Iterable[CaseFacts], others: Totals) -> Totals:
        sums: Totals = dict(others)
        for fact in facts:
            if fact.kind and fact.number not in unbilled:
                count, amount = sums.get((fact.kind, fact.currency), (0, Decimal("0.00")))
                sums[(fact.kind, fact.currency)] = (count + 1, amount + (fact.amount or 0))
        return sums

    now, then = after_arrival
    return charges.rows(total(sim.current, now), total(sim.proposed, then))


def sla(sim: Simulation) -> list[dict[str, Any]]:
    """Clocks and late ones per target and severity."""
    return _compliance(sim, "severity", lambda fact: fact.severity)


def sla_by_organization(sim: Simulation) -> list[dict[str, Any]]:
    """Clocks and late ones per organization and target."""
    rows = _compliance(sim, "organization", lambda fact: fact.organization)
    return sorted(rows, key=lambda row: (row["organization"], row["metric"]))


def _compliance(
    sim: Simulation, field: str, group: Callable[[CaseFacts], str]
) -> list[dict[str, Any]]:
    def count(facts: Iterable[CaseFacts]) -> Counter[tuple[str, str, bool]]:
        return Counter(
            (clock.metric, group(fact), clock.late) for fact in facts for clock in fact.clocks
        )

    now, then = count(sim.current), count(sim.proposed)
    rows = []
    for metric, value in sorted({(m, s) for m, s, _late in set(now) | set(then)}):
        row: dict[str, Any] = {
            "metric": metric,
            "text": str(Metric(metric).label),
            field: value,
        }
        for side, counts in (("current", now), ("proposed", then)):
            late = counts[(metric, value, True)]
            clocks = late + counts[(metric, value, False)]
            row[side] = {"clocks": clocks, "late": late, "on_time_rate": _rate(clocks, late)}
        row["difference"] = row["proposed"]["late"] - row["current"]["late"]
        rows.append(row)
    return rows


def _rate(clocks: int, late: int) -> str:
    return f"{(clocks - late) * 100 / clocks:.1f}" if clocks else ""


def sla_changes(sim: Simulation) -> list[dict[str, Any]]:
    """Each clock whose deadline, target or met/late changes: those that turn late or on time
    first, then by how far the deadline moves (most first), then by arrival."""
    found = []
    for now, then in zip(sim.current, sim.proposed, strict=True):
        for clock in now.clocks:
            other = then.clock(clock.metric)
            if other is None or other.key() == clock.key():
                continue
            found.append((now, clock, other))
    found.sort(key=lambda change: _moved(change[1], change[2]))
    texts = {metric.value: str(metric.label) for metric in Metric}
    return [
        {
            "case": now.number,
            "metric": clock.metric,
            "text": texts[clock.metric],
            "current": _clock(clock.due_at, clock.late, clock.target_minutes),
            "proposed": _clock(other.due_at, other.late, other.target_minutes),
        }
        for now, clock, other in found
    ]


def _moved(now: ClockFacts, then: ClockFacts) -> tuple[bool, float]:
    """Sorts a change of met/late first, then the longest move of the deadline (a deadline on
    one side only counts as the longest)."""
    if now.due_at is None or then.due_at is None:
        seconds = float("inf") if now.due_at != then.due_at else 0.0
    else:
        seconds = abs((then.due_at - now.due_at).total_seconds())
    return (now.late == then.late, -seconds)


def _clock(due_at: Any, late: bool, minutes: int) -> dict[str, Any]:
    # in UTC, as stored: a deadline moved in memory keeps its calendar's zone
    due = due_at.astimezone(dt.UTC).isoformat() if due_at else None
    return {"due_at": due, "late": late, "minutes": minutes}


def simulate(text: str, **window: Any) -> Simulation:
    """`run.simulate` (the same arguments) with the report's charges priced under the file
    inside the simulation's transaction (`charges.under_file`): the file is loaded once."""
    return run.simulate(text, inside=charges.under_file(window["start"], window["end"]), **window)


def build(sim: Simulation) -> dict[str, Any]:
    """The whole report, as the JSON file holds it, of a simulation run by `simulate`."""
    priced = sim.inside
    if not isinstance(priced, charges.Priced):
        raise TypeError("a report needs the charges priced inside the simulation: simulate()")
    window = priced.window
    return {
        "policy": sim.slug,
        "file": sim.filename,
        "from": sim.start.isoformat(),
        "to": sim.end.isoformat(),
        "organization": sim.organization,
        "as_of": sim.as_of.isoformat(),
        "cases": len(sim.current),
        "outcomes": outcomes(sim),
        "changed_cases": changed_cases(sim),
        "entitlements": entitlements(sim),
        "revenue": revenue(sim, (charges.current(window), priced.totals), charges.unbilled(window)),
        "sla": sla(sim),
        "sla_organizations": sla_by_organization(sim),
        "sla_changes": sla_changes(sim),
        "queue": queue_changes(sim.current, sim.proposed),
    }
