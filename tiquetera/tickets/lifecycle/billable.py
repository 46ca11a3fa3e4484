"""A case that waits for money before it opens: a per-event service waiting for a signed purchase
order (seed 000, ISYS), or for the client to accept its price (seed 001, CustomSoft) or to buy an
extra ticket (seed 003, Sisnova).

The doors (the client's portal, the agent's case page, the API) call `attach_purchase_order`,
`accept_price` or `decline_price` here; the contracts app releases the consumption and its
`consumptions_released` signal opens the case (`pipeline.release_case`) — so a purchase order
attached in the admin, for the organization rather than a case, opens the cases it covers too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver

from tiquetera.contracts import services as contracts
from tiquetera.contracts.errors import ContractsError
from tiquetera.contracts.models import Consumption, PurchaseOrder
from tiquetera.contracts.signals import consumptions_released
from tiquetera.core.permissions import is_agent
from tiquetera.directory.models import Contact

from ..attachments import AttachmentError, Upload, check_upload, store_checked
from ..errors import TicketsError
from ..intake.pipeline import BILLABLE_WAIT, decline_billable, release_case
from ..models import Case
from ..permissions import client_contact
from ..statuses import Status
from ._shared import Actor

# A signed purchase order is a scan or a PDF.
DOCUMENT_TYPES = ("application/pdf", "image/")


def may_settle(user: Any, case: Case, *, contact: Contact | None = None) -> bool:
    """Who may send a purchase order or accept or decline a price for the case: an agent (on the
    client's word), or the requester, the organization's USR, or a contact who may sign purchase
    orders for it (the signed-in user's contact, or `contact` when a channel identified them)."""
    if user is not None and is_agent(user):
        return True
    contact = contact or client_contact(user)
    return bool(
        contact is not None
        and contact.organization_id == case.organization_id
        and (
            contact.pk == case.requester_id
            or contact.role == Contact.Role.USR
            or contact.may_sign_purchase_orders
        )
    )


def waiting_for(case: Case) -> str:
    """ "purchase_order", "acceptance" or "" — what the case waits for before it opens."""
    if case.status == Status.PENDING_PURCHASE_ORDER:
        return "purchase_order"
    if case.status == Status.PENDING_ACCEPTANCE:
        return "acceptance"
    return ""


def signers(case: Case) -> QuerySet[Contact]:
    """The organization's contacts who may sign its purchase orders (seed 000: "firmada por la
    persona autorizada para solicitar servicios")."""
    return Contact.objects.filter(
        organization_id=case.organization_id, is_active=True, may_sign_purchase_orders=True
    ).order_by("name")


def attach_purchase_order(
    case: Case,
    *,
    number: str,
    amount: Decimal,
    signer: Contact,
    actor: Actor,
    document: Upload | None = None,
) -> Case:
    """Record the purchase order sent for `case` — its number, amount, the contact who signed it
    and the signed document (a PDF or an image, kept as the case's attachment) — and open the
    case. The case must be waiting for one; the signer must be allowed to sign (ContractsError
    "signer_may_not_sign"); a purchase order attached twice, or two at once for one case,
    release it once and the other is refused with nothing recorded."""
    _check_may_settle(actor, case, "purchase_order")
    checked = check_upload(document) if document is not None else None
    if checked is not None and not checked.content_type.startswith(DOCUMENT_TYPES):
        raise AttachmentError(
            "attachment_type_refused", name=checked.name, type=checked.content_type
        )
    with transaction.atomic():
        consumption = _waiting_consumption(case)
        po = PurchaseOrder(
            organization_id=case.organization_id,
            number=number.strip(),
            signer=signer,
            quantity=Decimal(1),
            amount=amount,
            currency=consumption.currency or _currency(case),
        )
        if checked is not None:
            attachment = store_checked(case, checked, actor=actor)
            po.document.name = attachment.file.name
        contracts.attach_purchase_order(
            po,
            actor=_user(actor),
            for_consumption=consumption,
        )
    case.refresh_from_db()
    return case


def accept_price(case: Case, *, actor: Actor, contact: Contact | None = None) -> Case:
    """The client accepts the per-event price or buys the extra ticket offered: it is charged
    once and the case opens. Accepting twice: ContractsError "not_waiting", nothing changed.
    `contact`: who answered, when a channel (an email) identified them rather than a login."""
    _check_may_settle(actor, case, "acceptance", contact)
    with transaction.atomic():
        contracts.accept_offer(_waiting_consumption(case), actor=_user(actor))
    case.refresh_from_db()
    return case


def decline_price(case: Case, *, actor: Actor, contact: Contact | None = None) -> Case:
    """The client declines the price (or will send no purchase order): the case is closed as
    refused and nothing is billed."""
    if not may_settle(actor, case, contact=contact):
        raise TicketsError("not_allowed_here")
    return decline_billable(case, actor=actor)


@receiver(consumptions_released, dispatch_uid="tickets.open_released_cases")
def open_released_cases(
    sender: type[Consumption], *, consumptions: list[Consumption], actor: Actor, **kwargs: Any
) -> None:
    """Open the cases whose consumptions were released (in the releasing transaction)."""
    for case in Case.objects.filter(consumption__in=consumptions, status__in=BILLABLE_WAIT):
        release_case(case, actor=actor)


# The words a short written answer is made of ("Sí, acepto.", "No, gracias"); any other word
# makes it something to read, not an answer.
YES_WORDS = frozenset(
    {"sí", "si", "acepto", "aceptamos", "de", "acuerdo", "ok", "yes", "i", "accept"}
)
NO_WORDS = frozenset({"no", "acepto", "gracias", "rechazo", "rechazamos", "thanks", "decline"})


def yes_or_no(text: str) -> bool | None:
    """A client's written answer to a question: True for yes ("Sí, acepto."), False for no ("No,
    gracias"), None when its first line is anything else (kept as a reply; asked again)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in first.lower()).split()
    if not words:
        return None
    if words[0] in {"no", "rechazo", "rechazamos", "decline"} and set(words) <= NO_WORDS:
        return False
    if "no" not in words and set(words) <= YES_WORDS:
        return True
    return None


def _check_may_settle(
    actor: Actor, case: Case, expected: str, contact: Contact | None = None
) -> None:
    if not may_settle(actor, case, contact=contact):
        raise TicketsError("not_allowed_here")
    if waiting_for(case) != expected:
        raise ContractsError("not_waiting", field="case", value=case.number)


def _waiting_consumption(case: Case) -> Consumption:
    locked = (
        Case.objects.select_for_update(of=("self",)).select_related("consumption").get(pk=case.pk)
    )
    if locked.status not in BILLABLE_WAIT or locked.consumption is None:
        raise ContractsError("not_waiting", field="case", value=case.number)
    return locked.consumption


def _currency(case: Case) -> str:
    from tiquetera.contracts.models import Plan

    plan = Plan.objects.filter(policy_id=case.policy_id).order_by("tier_rank").first()
    return plan.currency if plan is not None else ""


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
