"""/api/v1/inquiries: what the desk's Consultas page does, over HTTP (agents only, as the page).

List and read inquiries, answer one (by WhatsApp when it came that way), close it, or turn it into
a case through the intake pipeline — the same services as the page, so the same rules and audit
events. A client's token is told 403: inquiries are the vendor's desk, never a client's.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from tiquetera.api.auth import caller
from tiquetera.api.errors import Error
from tiquetera.directory.models import Contact
from tiquetera.directory.selectors import organizations_for
from tiquetera.tickets.api import CaseOut
from tiquetera.tickets.articles import MAX_BODY_CHARS
from tiquetera.tickets.intake.request import DESCRIPTION_MAX, FIELD_MAX, SUBJECT_MAX
from tiquetera.tickets.models import Case

from .models import Inquiry, InquiryMessage
from .selectors import inquiry_for, visible_inquiries
from .services import answer_inquiry, close_inquiry, link_to_contact, turn_into_case

router = Router(tags=["inquiries"])
PAGE_MAX = 100


class InquiryOut(Schema):
    id: int
    organization_id: int | None  # None: an unknown sender (a WhatsApp number no contact has)
    contact_id: int | None
    name: str
    phone: str
    channel: str
    subject: str
    status: str
    case: str | None  # the number of the case it was turned into
    created_at: dt.datetime
    last_message_at: dt.datetime
    first_response_due_at: dt.datetime | None  # where the policy sets a first-answer time
    first_response_at: dt.datetime | None
    first_response: str  # "" (no time set), due, late, met, met_late

    @staticmethod
    def resolve_case(inquiry: Inquiry) -> str | None:
        return inquiry.case.number if inquiry.case_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_first_response(inquiry: Inquiry) -> str:
        return inquiry.response_state


class MessageOut(Schema):
    id: int
    direction: str  # in: from the client; out: an agent's answer
    body: str
    author: str | None  # the agent's username
    sent_by_whatsapp: bool
    sent_at: dt.datetime

    @staticmethod
    def resolve_author(message: InquiryMessage) -> str | None:
        return message.author.get_username() if message.author_id else None  # type: ignore[union-attr]


class InquiryDetailOut(InquiryOut):
    messages: list[MessageOut]

    @staticmethod
    def resolve_messages(inquiry: Inquiry) -> list[InquiryMessage]:
        return list(inquiry.messages.select_related("author").order_by("sent_at", "pk"))


class InquiryPageOut(Schema):
    inquiries: list[InquiryOut]
    next: int | None  # pass as `after` for the next page; None on the last one


class InquiryQuery(Schema):
    # a Literal, not Inquiry.Status: an enum is named by its class in the document, and a
    # second "Status" would replace the cases' one
    status: Literal["open", "answered", "closed", "case"] | None = None
    organization: int | None = None
    after: int | None = None  # the `next` of the previous page
    size: int = 50


class AnswerIn(Schema):
    body: str = Field(min_length=1, max_length=MAX_BODY_CHARS)


class ContactIn(Schema):
    contact: int  # the id of the contact who wrote


class ToCaseIn(Schema):
    subject: str = Field(min_length=1, max_length=SUBJECT_MAX)
    description: str = Field("", max_length=DESCRIPTION_MAX)  # "": the conversation
    case_type: str = Field("", max_length=50)
    severity: str = Field("", max_length=8)
    category: str = Field("", max_length=50)
    fields: dict[str, Annotated[str, Field(max_length=FIELD_MAX)]] = {}
    prerequisites_done: list[Annotated[str, Field(max_length=FIELD_MAX)]] = []
    requester_phone: str = Field("", max_length=32)
    channel_justification: str = Field("", max_length=FIELD_MAX)


@router.get("", response=InquiryPageOut)
def list_inquiries(request: HttpRequest, query: Query[InquiryQuery]) -> dict[str, Any]:
    """Inquiries newest first, `size` (at most 100) a page; `after` continues from a page's
    `next`; filters `status` and `organization`."""
    size = max(1, min(query.size, PAGE_MAX))
    rows: QuerySet[Inquiry] = visible_inquiries(caller(request))
    if query.status is not None:
        rows = rows.filter(status=query.status)
    if query.organization is not None:
        rows = rows.filter(organization_id=query.organization)
    if query.after is not None:
        rows = rows.filter(pk__lt=query.after)
    page = list(rows.order_by("-pk")[: size + 1])
    more = len(page) > size
    page = page[:size]
    return {"inquiries": page, "next": page[-1].pk if more else None}


@router.get("/{inquiry_id}", response=InquiryDetailOut)
def read_inquiry(request: HttpRequest, inquiry_id: int) -> Inquiry:
    """The inquiry with its conversation, oldest first."""
    return _inquiry(request, inquiry_id)


@router.post("/{inquiry_id}/answers", response={201: MessageOut})
def answer(request: HttpRequest, inquiry_id: int, payload: AnswerIn) -> Status[InquiryMessage]:
    """An agent's answer, sent by WhatsApp when the inquiry came that way; 400 `not_sent` (with
    WhatsApp's reason, nothing kept) when it cannot be, `not_open` when the inquiry is closed
    or turned into a case."""
    inquiry = _inquiry(request, inquiry_id)
    return Status(201, answer_inquiry(inquiry, body=payload.body, actor=caller(request)))


@router.post("/{inquiry_id}/close", response=InquiryOut)
def close(request: HttpRequest, inquiry_id: int) -> Inquiry:
    """Close an inquiry that needs nothing more; 400 `not_open` when it is no longer open."""
    return close_inquiry(_inquiry(request, inquiry_id), actor=caller(request))


@router.post("/{inquiry_id}/case", response={201: CaseOut})
def to_case(request: HttpRequest, inquiry_id: int, payload: ToCaseIn) -> Status[Case]:
    """Turn the inquiry into a case through the intake pipeline, with the inquiry's channel: 201
    whatever the policy decided (read the case's `status`, `intake`, `intake_message`; JQ refuses
    a WhatsApp case without `channel_justification`). 400 `not_open` when it is closed or already
    a case."""
    inquiry = _inquiry(request, inquiry_id)
    case = turn_into_case(inquiry, actor=caller(request), **payload.model_dump())
    return Status(201, case)


@router.post("/{inquiry_id}/contact", response={200: InquiryOut, 404: Error})  # 404: `contact`
def link(request: HttpRequest, inquiry_id: int, payload: ContactIn) -> Inquiry:
    """An unknown sender's inquiry given to the contact who wrote: the number is registered as
    their WhatsApp number. 400 `already_linked` when the inquiry has a contact."""
    inquiry = _inquiry(request, inquiry_id)
    contact = (
        Contact.objects.filter(pk=payload.contact, is_active=True)
        .filter(organization__in=organizations_for(caller(request)))
        .select_related("organization")
        .first()
    )
    if contact is None:
        raise HttpError(404, "not found")
    return link_to_contact(inquiry, contact, actor=caller(request))


def _inquiry(request: HttpRequest, inquiry_id: int) -> Inquiry:
    inquiry = inquiry_for(caller(request), inquiry_id)
    if inquiry is None:
        raise HttpError(404, "not found")
    return inquiry
