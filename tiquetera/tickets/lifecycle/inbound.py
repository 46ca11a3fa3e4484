"""A client wrote on an existing case through a channel (email, WhatsApp, portal, API).

`client_wrote` is what every channel calls when a message belongs to a case: the message becomes
the client's reply, and the case moves as a service desk is expected to move it — a case waiting
on the client goes back to "in progress" (its SLA clocks resume), a resolved one is reopened.
A case that is final (closed, invalid, rejected, referred) takes no more messages: the channel
opens a new case instead (`accepts_messages` tells which).
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from tiquetera.directory.models import Contact

from ..articles import add_reply
from ..attachments import Upload
from ..intake.pipeline import supply_information
from ..models import Article, Case
from ..services import move
from ..statuses import FINAL, Status
from ._shared import Actor, ensure_not_final, lock
from .consent import answer_in_words


def _answer_to_the_price(case: Case, text: str, contact: Contact, actor: Actor) -> Case:
    """Seeds 001 and 003 by email or chat: "Sí, acepto" accepts the price, "No, gracias"
    declines it — from someone who may (the requester, the USR, a signer). Anything else stays a
    reply, and the client is asked again."""
    from .billable import accept_price, decline_price, may_settle, yes_or_no

    answer = yes_or_no(text)
    if answer is None or not may_settle(actor, case, contact=contact):
        from ..notify import notify_requester

        notify_requester(case, "parked")  # the question again, with the price and the link
        return case
    if answer:
        return accept_price(case, actor=actor, contact=contact)
    return decline_price(case, actor=actor, contact=contact)


def accepts_messages(case: Case) -> bool:
    """Whether a client's message may still land on `case` (else it makes a new case)."""
    return Status(case.status) not in FINAL


def client_wrote(
    case: Case,
    *,
    body: str,
    contact: Contact,
    channel: str,
    attachments: Iterable[Upload] = (),
    actor: Actor = None,
) -> Article:
    """The client's `contact` wrote `body` on `case` through `channel`: one reply article (see
    `articles.add_reply`, which checks the contact belongs to the case's organization) and, in the
    same transaction, what it brings: waiting on client → in progress ("the client answered"),
    resolved → in progress ("the client wrote after the resolution"), each one
    "case.status_changed" event; on a case parked for information the message is what was
    missing — its text is added to the description and the intake rules run again
    (`intake.pipeline.supply_information`; its files already count as the case's); on a case
    waiting for the client to accept a price, a plain "sí" / "no" answers it (anything else is
    kept and the question asked again); on a case waiting for the client's consent to a referral
    (seed 002), "sí" / "no" answers it the same way (`consent.answer_in_words`). Other parked
    cases stay as they are (a verification or a purchase order is answered by its own service).
    TicketsError "case_final" when the case takes no more messages (nothing written)."""
    with transaction.atomic():
        locked = lock(case)
        ensure_not_final(locked)
        article = add_reply(
            locked,
            body=body,
            actor=actor,
            contact=contact,
            channel=channel,
            attachments=attachments,
        )
        source = Status(locked.status)
        if source == Status.WAITING_ON_CLIENT:
            move(locked, Status.IN_PROGRESS, actor=actor, note=_("The client answered."))
        elif source == Status.RESOLVED:
            move(
                locked,
                Status.IN_PROGRESS,
                actor=actor,
                note=_("The client wrote after the resolution."),
                resolution="",
                resolved_at=None,
            )
        elif source == Status.PENDING_INFORMATION:
            locked = supply_information(locked, actor=actor, description=article.body_text)
        elif source == Status.PENDING_ACCEPTANCE:
            locked = _answer_to_the_price(locked, article.body_text, contact, actor)
        elif source == Status.PENDING_CONSENT:
            locked = answer_in_words(locked, article.body_text, contact, actor)
    case.status, case.updated_at = locked.status, locked.updated_at
    return article
