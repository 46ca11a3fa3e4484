"""The variables a canned response or a macro's reply may carry, filled in for the case it is
used on: "Buenos días, {{ nombre }}." reads "Buenos días, Santiago Castaño." in the reply box.

The names are Spanish, as the vendors write their texts (English ones work too). A variable the
case has no value for, or one not known, stays as written, so the agent sees it and fixes it
rather than sending "Buenos días, ."."""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from tiquetera.tickets.models import Case

VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
HELP = _(
    "It may use {{ nombre }} (the requester's name), {{ caso }} (the case's number), "
    "{{ asunto }} (its subject), {{ organizacion }} (the client) and {{ agente }} (the agent "
    "who uses it): they are filled in for each case."
)


def values_for(case: Case, agent: Any) -> dict[str, str]:
    """Each variable's value on `case`, used by `agent` (a user)."""
    requester = case.requester.name if case.requester is not None else case.requester_name
    agent_name = (agent.get_full_name() or agent.get_username()) if agent is not None else ""
    values = {
        "nombre": requester,
        "caso": case.number,
        "asunto": case.subject,
        "organizacion": case.organization.legal_name,
        "agente": agent_name,
    }
    english = {"name": "nombre", "case": "caso", "subject": "asunto"}
    english |= {"organization": "organizacion", "agent": "agente"}
    return values | {alias: values[name] for alias, name in english.items()}


def fill_in(text: str, case: Case, agent: Any) -> str:
    """`text` with its variables filled in for `case`; unknown or empty ones left as written."""
    values = values_for(case, agent)

    def value(match: re.Match[str]) -> str:
        return values.get(match.group(1).casefold()) or match.group(0)

    return VARIABLE.sub(value, text)
