"""Agents: making a user a staff agent with teams and product-module skills."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from tiquetera.audit.services import changes, record

from ..errors import NotAllowed
from ..models import Agent, Team
from ..selectors import is_vendor_admin as is_vendor_admin_user
from .shared import Saved, assign


def add_agent(
    user: User,
    teams: list[Team],
    skills: list[str],
    *,
    actor: User | None,
    is_vendor_admin: bool = False,
    is_active: bool = True,
) -> Saved[Agent]:
    """Makes the user an agent (staff) in these teams with these product-module skills, or
    updates an existing agent's teams, skills and admin role. Only a vendor admin may. Audited
    as "agent.added", or "agent.updated" with what changed (no event when nothing did)."""
    if actor is not None and not is_vendor_admin_user(actor):
        raise NotAllowed(
            "not_vendor_admin", _("Only a vendor administrator may add or change agents.")
        )
    cleaned_skills = list(dict.fromkeys(s.strip() for s in skills if s.strip()))
    with transaction.atomic():
        values = {
            "skills": cleaned_skills,
            "is_vendor_admin": is_vendor_admin,
            "is_active": is_active,
        }
        agent, created = Agent.objects.get_or_create(user=user, defaults=values)
        before = {name: getattr(agent, name) for name in values}
        before["teams"] = [] if created else sorted(agent.teams.values_list("key", flat=True))
        if not created:
            assign(agent, values)
        agent.teams.set(teams)
        if not user.is_staff:  # an agent is a staff user (core.permissions.is_agent)
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        after = {**values, "teams": sorted(team.key for team in teams)}
        if created:
            record(actor=actor, verb="agent.added", target=agent, after=after)
            return Saved(agent, created=True)
        old, new = changes(before, after)
        if new or old:
            record(actor=actor, verb="agent.updated", target=agent, before=old, after=new)
    return Saved(agent, changed=bool(new or old))
