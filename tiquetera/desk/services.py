"""The desk's writes that are not on one case: a case opened by an agent on a contact's
behalf, for whatever came in by a channel without its own door (a call not logged as such, a
visit at the front desk, an email received in a personal mailbox)."""

import json
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError
from tiquetera.core.permissions import is_agent
from tiquetera.directory.models import Contact
from tiquetera.tickets.intake.pipeline import store_raw, submit
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.models import Case, Channel

# The channels an agent may open a case "from": never the portal's or the API's own door.
ON_BEHALF_CHANNELS = (
    Channel.PHONE,
    Channel.IN_PERSON,
    Channel.EMAIL,
    Channel.WHATSAPP,
    Channel.CHAT,
)


class OnBehalfError(DomainError):
    messages = {
        "not_an_agent": _("Only the vendor's agents open cases on a client's behalf."),
        "channel": _("Choose the channel the client used."),
        "inactive_contact": _("This contact is no longer active."),
    }


def open_case_on_behalf(
    contact: Contact,
    *,
    channel: str,
    values: Mapping[str, Any],
    posted: Mapping[str, Any],
    actor: AbstractBaseUser | AnonymousUser,
) -> Case:
    """Keep what the agent entered as the raw payload (who, for whom, from which channel, the
    form as posted), then take the case in through the pipeline with `contact` as requester
    and `channel` as its channel; the policy's rules decide the outcome, as for any door.

    `values` are the cleaned `CaseForm.case_values()`. Raises OnBehalfError before anything is
    stored when the actor is not an agent, the channel is not one an agent may log or the contact
    is inactive; IntakeError as the pipeline does."""
    if not is_agent(actor):
        raise OnBehalfError("not_an_agent")
    if channel not in ON_BEHALF_CHANNELS:
        raise OnBehalfError("channel")
    if not contact.is_active:
        raise OnBehalfError("inactive_contact")
    document = {
        "agent": actor.pk,
        "contact": contact.pk,
        "organization": contact.organization_id,
        "channel": channel,
        "form": dict(posted),
    }
    raw = store_raw(
        channel,
        json.dumps(document, ensure_ascii=False, sort_keys=True, default=str).encode(),
        "application/json",
    )
    return submit(
        IntakeRequest(
            channel=channel,
            organization=contact.organization,
            requester=contact,
            raw=raw,
            actor=actor,
            **values,
        )
    )
