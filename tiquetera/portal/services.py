"""The portal's one write: a client's new case, handed to the intake pipeline."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from tiquetera.directory.models import Contact
from tiquetera.tickets.intake.pipeline import store_raw, submit
from tiquetera.tickets.intake.request import IntakeError, IntakeRequest
from tiquetera.tickets.models import Case, Channel


def submit_case_form(
    contact: Contact,
    *,
    values: Mapping[str, Any],
    posted: Mapping[str, Any],
    actor: AbstractBaseUser | AnonymousUser,
) -> Case:
    """Keep the form as posted (`posted`: its texts and the files' names, never their bytes),
    then take the case in through the pipeline with channel "portal", `contact` as requester.

    `values` are the cleaned form's `IntakeRequest` fields (`CaseForm.case_values`). Raises
    IntakeError when the pipeline cannot store a case (a text over its limit); the raw payload
    stays, with the reason noted on it."""
    if getattr(actor, "contact", None) != contact:
        raise IntakeError("unknown_requester")
    document = {"contact": contact.pk, "organization": contact.organization_id, "form": posted}
    raw = store_raw(
        Channel.PORTAL,
        json.dumps(document, ensure_ascii=False, sort_keys=True).encode(),
        "application/json",
    )
    return submit(
        IntakeRequest(
            channel=Channel.PORTAL,
            organization=contact.organization,
            requester=contact,
            raw=raw,
            actor=actor,
            **values,
        )
    )
