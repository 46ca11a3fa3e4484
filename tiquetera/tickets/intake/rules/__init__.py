"""The intake rules: one function per `kind` of `IntakeRule`, each reading a `Draft` (the case
being taken in, with what the policy and the database say about it) and returning a `Verdict`.

A verdict passes, flags (a warning for the agent), parks (the case waits for verification,
information or consent) or rejects (the case is stored, final, with the reason). Every message
is written for the requester, in the language active while the pipeline runs, and says what to
do next. The parameters come checked from the policy file (`policy/sections/intake.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from tiquetera.policy.sections import intake as spec

from .base import PASS, Draft, Outcome, Verdict, flag, park, reject
from .channel import channel, generic_mailbox, phone
from .fields import required_fields, urgent_word
from .hours import out_of_hours
from .requester import requester
from .scope import prerequisites, scope
from .standing import active_plan, coverage, standing

__all__ = ["PASS", "Draft", "Ruling", "Verdict", "flag", "park", "reject", "run_rules"]


RuleFunction = Callable[[Draft, Any], Verdict]
FUNCTIONS: dict[str, RuleFunction] = {
    "requester": requester,
    "standing": standing,
    "active_plan": active_plan,
    "coverage": coverage,
    "required_fields": required_fields,
    "channel": channel,
    "generic_mailbox": generic_mailbox,
    "phone": phone,
    "urgent_word": urgent_word,
    "scope": scope,
    "prerequisites": prerequisites,
    "out_of_hours": out_of_hours,
}
assert set(FUNCTIONS) == set(spec.RULES), "every rule of the file has its function"


@dataclass(frozen=True)
class Ruling:
    """What one rule said, with the rule it came from."""

    position: int
    rule: str
    verdict: Verdict


def run_rules(draft: Draft, rules: Sequence[tuple[int, str, BaseModel]]) -> list[Ruling]:
    """Run `rules` (position, kind, checked params: `Catalogue.checked_rules`) in the policy's
    order. The first rejection decides the case: after it only the rules that describe the
    request (`spec.DESCRIBING_RULES`: the "URGENTE" word, a shared mailbox, the phone
    rewritten) still run, so a refused case keeps its flags; what one of them would park or
    refuse there is kept as a flag."""
    rulings: list[Ruling] = []
    rejected = False
    for position, kind, params in rules:
        if rejected and kind not in spec.DESCRIBING_RULES:
            continue
        verdict = FUNCTIONS[kind](draft, params)
        if rejected and verdict.outcome in (Outcome.PARK, Outcome.REJECT):
            verdict = flag(verdict.code, verdict.message)
        rulings.append(Ruling(position, kind, verdict))
        rejected = rejected or verdict.outcome == Outcome.REJECT
    return rulings
