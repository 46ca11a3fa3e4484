"""Macros on a case (issue 17): a canned reply plus changes, in one transaction, each change
through its service (so each writes its own audit event and emails as it does on its own)."""

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tiquetera.core.queries import Prepared
from tiquetera.directory.models import Agent
from tiquetera.tickets.articles import add_reply
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.assignment import assign
from tiquetera.tickets.lifecycle.resolution import resolve
from tiquetera.tickets.lifecycle.severity import change_severity
from tiquetera.tickets.models import Case, Channel
from tiquetera.tickets.services import change_status

from .canned import fill_in
from .models import Macro


def macros_for(case: Case, viewer: Any) -> list[Macro]:
    """The macros offered on `case` to `viewer`, by title: its policy's and the general ones,
    shared or the viewer's own."""
    return _MACROS.all(case.policy_id, viewer.pk)  # type: ignore[no-any-return]


_MACROS = Prepared(  # on every case page: compiled once (core/queries.py)
    lambda policy_id, owner_id: Macro.objects.filter(
        Q(policy__isnull=True) | Q(policy_id=policy_id),
        Q(owner__isnull=True) | Q(owner_id=owner_id),
    ),
    int,
    int,
)


def apply_macro(case: Case, macro: Macro, *, actor: Any) -> None:
    """Assign (to `actor`), change the severity (the macro's title as the reason), send the
    reply, then change the status — all or nothing (TicketsError and the like from the
    services). A change the case already has is skipped."""
    reason = _("Macro: %(title)s") % {"title": macro.title}
    with transaction.atomic():
        if macro.assign_to_me and case.assignee_id != actor.pk:
            agent = Agent.objects.filter(user_id=actor.pk).select_related("user").first()
            if agent is None:
                raise TicketsError("not_allowed")
            assign(case, agent=agent, actor=actor)
        if macro.severity and macro.severity != case.severity:
            change_severity(case, macro.severity, actor=actor, reason=reason)
        article = None
        if macro.body.strip():
            body = fill_in(macro.body, case, actor)
            article = add_reply(case, body=body, actor=actor, channel=Channel.PORTAL)
        if macro.status == "resolved" and article is not None:
            resolve(case, resolution=article.body_text, actor=actor)
        elif macro.status and macro.status != case.status:
            change_status(case, macro.status, actor=actor, reason=reason)
