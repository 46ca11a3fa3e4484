"""/api/v1/cases: what agents and clients do with cases, over HTTP.

Every route checks what the pages check: a client (token or session) sees and writes only on
its organization's cases — another organization's case is a 404, as if it did not exist —
and internal notes, status changes and assignment are for agents. Creating a case goes through
the one intake pipeline, so an API case is accepted, parked or refused by the policy's rules
like any other, and the answer says which and why.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.errors import HttpError

from tiquetera.api.auth import caller
from tiquetera.api.errors import Error
from tiquetera.api.fields import DecimalText, EmailOrEmpty, IdempotencyKey, Money
from tiquetera.core.permissions import is_agent
from tiquetera.directory.models import Agent, Contact, Organization, Team
from tiquetera.directory.selectors import organizations_for
from tiquetera.sla.models import Clock, Metric
from tiquetera.sla.services import override_target

from .articles import MAX_BODY_CHARS, add_note, add_reply
from .errors import TicketsError
from .intake.idempotency import fingerprint, submit_once, valid_key
from .intake.pipeline import store_raw, submit, verify_case
from .intake.request import (
    DESCRIPTION_MAX,
    FIELD_MAX,
    NAME_MAX,
    SUBJECT_MAX,
    IntakeRequest,
)
from .intake.rules.scope import scope_notice
from .lifecycle import billable
from .lifecycle.assignment import assign
from .lifecycle.case_type import change_case_type
from .lifecycle.consent import answer_referral
from .lifecycle.inbound import client_wrote
from .lifecycle.resolution import confirm_resolution, reopen
from .lifecycle.scope import mark_out_of_scope
from .lifecycle.study import quote_custom_development, start_study
from .models import Article, Case, Channel, FeatureStudy, ScopeCategory
from .permissions import client_contact
from .selectors import case_for, visible_cases
from .services import change_status
from .statuses import Status as CaseStatus
from .tags import case_tags

router = Router(tags=["cases"])
PAGE_MAX = 100


# --- schemas -----------------------------------------------------------------------------------
class CaseIn(Schema):
    subject: str = Field(max_length=SUBJECT_MAX)
    description: str = Field("", max_length=DESCRIPTION_MAX)
    case_type: str = Field("", max_length=50)
    severity: str = Field("", max_length=8)
    category: str = Field("", max_length=50)
    fields: dict[str, Annotated[str, Field(max_length=FIELD_MAX)]] = {}
    prerequisites_done: list[Annotated[str, Field(max_length=FIELD_MAX)]] = []
    channel_justification: str = Field("", max_length=FIELD_MAX)
    # agents only: whom the case is for (a client's token is always its own organization)
    organization: int | None = None
    requester_email: EmailOrEmpty = ""
    requester_name: str = Field("", max_length=NAME_MAX)
    requester_phone: str = Field("", max_length=32)


class CaseOut(Schema):
    id: int
    number: str
    subject: str
    organization_id: int
    status: str
    intake: str
    intake_reason: str
    intake_message: str
    channel: str
    case_type: str
    severity: str
    priority: str
    flags: list[str]
    requester_name: str
    requester_email: str
    assignee: str | None
    team: str | None
    sla_due_at: dt.datetime | None
    sla_breached: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_assignee(case: Case) -> str | None:
        return case.assignee.get_username() if case.assignee_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_team(case: Case) -> str | None:
        return case.team.key if case.team_id else None  # type: ignore[union-attr]


class ArticleOut(Schema):
    id: int
    kind: str
    channel: str
    body_text: str
    body_html: str
    by_agent: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_by_agent(article: Article) -> bool:
        return article.author_contact_id is None


class ClockOut(Schema):
    metric: str
    state: str
    target_minutes: int
    used_minutes: int
    started_at: dt.datetime
    due_at: dt.datetime | None
    warn_at: dt.datetime | None
    breached_at: dt.datetime | None
    met_at: dt.datetime | None
    override_reason: str


class CaseDetailOut(CaseOut):
    description: str
    fields: dict[str, Any]
    articles: list[ArticleOut]
    clocks: list[ClockOut]
    tags: list[str]  # the agents' tags (tags_api.py); empty for a client

    @staticmethod
    def resolve_clocks(case: Case) -> list[Clock]:
        return sorted(case.clocks.all(), key=lambda clock: clock.metric)

    @staticmethod
    def resolve_tags(case: Case) -> list[str]:
        return case.tags_out  # type: ignore[attr-defined, no-any-return]

    @staticmethod
    def resolve_articles(case: Case) -> list[Article]:
        return case.articles_out  # type: ignore[attr-defined, no-any-return]


class CasePageOut(Schema):
    cases: list[CaseOut]
    next: int | None  # pass as `after` for the next page; None on the last one


class CaseQuery(Schema):
    status: str = ""
    organization: int | None = None
    severity: str = ""
    channel: str = ""
    mine: bool = False
    after: int | None = None  # the `next` of the previous page
    size: int = 50


class ArticleIn(Schema):
    body: str = Field(min_length=1, max_length=MAX_BODY_CHARS)


class TransitionIn(Schema):
    status: CaseStatus
    reason: str = Field("", max_length=FIELD_MAX)


class ReopenIn(Schema):
    reason: str = Field(min_length=1, max_length=FIELD_MAX)


class VerificationIn(Schema):
    approve: bool
    note: str = Field("", max_length=FIELD_MAX)


class OverrideIn(Schema):
    metric: Metric
    minutes: int = Field(ge=1)
    reason: str = Field(min_length=1, max_length=FIELD_MAX)


class CaseTypeIn(Schema):
    case_type: str = Field(min_length=1, max_length=50)  # a case type key of the case's policy
    reason: str = Field(min_length=1, max_length=FIELD_MAX)


class AssignIn(Schema):
    agent: str | None = Field(None, max_length=150)  # a username
    team: str | None = Field(None, max_length=50)  # a team key


# --- routes ------------------------------------------------------------------------------------
@router.post("", response={200: CaseOut, 201: CaseOut, 404: Error})  # 404: `organization`
def create_case(
    request: HttpRequest,
    payload: CaseIn,
    idempotency_key: Annotated[IdempotencyKey, Header(None, alias="Idempotency-Key")] = None,
) -> Status[Case]:
    """Open a case through the intake pipeline. 201 whatever the policy decided — read
    `status`, `intake`, `intake_reason` and `intake_message` — and 400 only when no case could
    be stored at all (e.g. the requester cannot be identified, a text is over its limit).

    With an `Idempotency-Key` header (any 1–255 visible ASCII characters, new for each new
    case), sending the same request again — after a timeout, a dropped connection, a crash —
    answers 200 with the case the first one made instead of making another; the same key with
    a different body is a 400 `idempotency_key_reused`."""
    user = caller(request)

    def intake() -> IntakeRequest:
        raw = store_raw(Channel.API, request.body, "application/json")
        data = payload.model_dump(exclude={"organization"})
        contact = client_contact(user)
        if contact is not None:  # a client speaks for itself only
            data.update(requester_email="", requester_name="", requester_phone="")
            return IntakeRequest(
                channel=Channel.API,
                organization=contact.organization,
                requester=contact,
                raw=raw,
                actor=user,
                **data,
            )
        organization = (
            get_object_or_404(Organization, pk=payload.organization)
            if payload.organization is not None
            else None
        )
        return IntakeRequest(
            channel=Channel.API, organization=organization, raw=raw, actor=user, **data
        )

    if idempotency_key is None:
        return Status(201, submit(intake()))
    submitted = submit_once(
        user,
        valid_key(idempotency_key),
        intake,
        body_fingerprint=fingerprint(request.body),
    )
    return Status(201 if submitted.created else 200, submitted.case)


@router.get("", response=CasePageOut)
def list_cases(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    """Cases newest first, `size` (at most 100) a page; `after` continues from a page's `next`."""
    size = max(1, min(query.size, PAGE_MAX))
    cases = _visible(caller(request))
    for name in ("status", "severity", "channel"):
        if value := getattr(query, name):
            cases = cases.filter(**{name: value})
    if query.organization is not None:
        cases = cases.filter(organization_id=query.organization)
    if query.mine:
        cases = cases.filter(assignee=caller(request))
    if query.after is not None:
        cases = cases.filter(pk__lt=query.after)
    page = list(cases.order_by("-pk")[: size + 1])
    more = len(page) > size
    page = page[:size]
    return {"cases": page, "next": page[-1].pk if more else None}


class ScopeCategoryOut(Schema):
    key: str
    name: str
    action: str  # accept, reject, sales, refer
    notice: str  # what happens to a case of this category, before it is sent ("" for support)


@router.get(
    "/scope-categories", response={200: list[ScopeCategoryOut], 404: Error}
)  # 404: `organization`
def scope_categories(request: HttpRequest, organization: int | None = None) -> list[dict[str, str]]:
    """Every scope category of the organization's policy — a client's own; an agent names the
    `organization` — with what happens to a case of it (refused, sent to sales with the address
    to write to, referred to a partner with consent), to say before the case is sent."""
    user = caller(request)
    contact = client_contact(user)
    if contact is not None:
        found: Organization | None = contact.organization
    elif organization is None:
        raise HttpError(400, _("Name the organization whose categories you want."))
    else:
        found = organizations_for(user).filter(pk=organization).first()
    if found is None:
        raise HttpError(404, "not found")
    return [
        {"key": c.key, "name": c.name, "action": c.action, "notice": scope_notice(c)}
        for c in ScopeCategory.objects.filter(policy_id=found.policy_id)
    ]


@router.get("/{number}", response=CaseDetailOut)
def read_case(request: HttpRequest, number: str) -> Case:
    case = _case(request, number)
    articles = case.articles.order_by("created_at", "pk")
    agent = is_agent(caller(request))
    if not agent:
        articles = articles.filter(kind=Article.Kind.REPLY)
    case.articles_out = list(articles)  # type: ignore[attr-defined]
    case.tags_out = case_tags(case) if agent else []  # type: ignore[attr-defined]
    return case


@router.post("/{number}/replies", response={201: ArticleOut})
def reply(request: HttpRequest, number: str, payload: ArticleIn) -> Status[Article]:
    """A public reply. A client's moves the case as any channel's does: a case waiting on the
    client goes back to work, a resolved one is reopened."""
    case, user = _case(request, number), caller(request)
    contact = client_contact(user)
    if contact is not None:
        article = client_wrote(case, body=payload.body, contact=contact, channel=Channel.API)
    else:
        article = add_reply(case, body=payload.body, actor=user, channel=Channel.API)
    return Status(201, article)


@router.post("/{number}/notes", response={201: ArticleOut})
def note(request: HttpRequest, number: str, payload: ArticleIn) -> Status[Article]:
    case = _case(request, number, agents_only=True)
    return Status(201, add_note(case, body=payload.body, actor=caller(request)))


@router.post("/{number}/transitions", response=CaseOut)
def transition(request: HttpRequest, number: str, payload: TransitionIn) -> Case:
    case = _case(request, number, agents_only=True)
    return change_status(case, payload.status, actor=caller(request), reason=payload.reason)


@router.post("/{number}/confirmation", response=CaseOut)
def confirm(request: HttpRequest, number: str) -> Case:
    """The client (or an agent on their word) confirms the resolution: the case is closed."""
    return confirm_resolution(_case(request, number), actor=caller(request))


@router.post("/{number}/reopening", response=CaseOut)
def reopen_case(request: HttpRequest, number: str, payload: ReopenIn) -> Case:
    """The resolution did not solve it: back to work, with the reason."""
    return reopen(_case(request, number), actor=caller(request), reason=payload.reason)


@router.post("/{number}/verification", response=CaseOut)
def verification(request: HttpRequest, number: str, payload: VerificationIn) -> Case:
    """The organization's USR (or an agent) approves or declines a case waiting for it."""
    case = _case(request, number)
    return verify_case(case, actor=caller(request), approve=payload.approve, note=payload.note)


@router.post("/{number}/sla-overrides", response=ClockOut)
def sla_override(request: HttpRequest, number: str, payload: OverrideIn) -> Clock:
    """A target agreed with the client for this case ("o según lo acordado con el cliente")."""
    case = _case(request, number, agents_only=True)
    return override_target(
        case,
        payload.metric,
        minutes=payload.minutes,
        reason=payload.reason,
        actor=caller(request),
    )


@router.post("/{number}/case-type", response=CaseOut)
def case_type(request: HttpRequest, number: str, payload: CaseTypeIn) -> Case:
    """Give the case another type of its policy, with the reason (agents; the desk's "Cambiar
    tipo"): its SLA targets are chosen again for the new type, from the case's start. One
    `case.type_changed` event. 400 `unknown_case_type`, `same_case_type`, `case_final`."""
    case = _case(request, number, agents_only=True)
    return change_case_type(case, payload.case_type, actor=caller(request), reason=payload.reason)


@router.post("/{number}/assignment", response=CaseOut)
def assignment(request: HttpRequest, number: str, payload: AssignIn) -> Case:
    case = _case(request, number, agents_only=True)
    agent = get_object_or_404(Agent, user__username=payload.agent) if payload.agent else None
    team = get_object_or_404(Team, key=payload.team) if payload.team else None
    return assign(case, team=team, agent=agent, actor=caller(request))


# --- feature studies (seed 002: "JQ Systems creará un caso de estudio …") -------------------------
class StudyOut(Schema):
    decision: str
    quote_amount: str | None  # before the discount
    quote_discount: str | None  # percent
    quote_net: str | None
    currency: str


class StudyQuoteIn(Schema):
    amount: DecimalText | None = None  # a custom development priced by the agent: "2000000.00"
    service: str = Field("", max_length=50)  # or a service of the policy's catalogue
    quantity: DecimalText = "1"  # units of the service (hours …)


def _study(study: FeatureStudy) -> dict[str, object]:
    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "decision": study.decision,
        "quote_amount": text(study.quote_amount),
        "quote_discount": text(study.quote_discount),
        "quote_net": text(study.quote_net),
        "currency": study.currency,
    }


@router.post("/{number}/study", response={201: StudyOut})
def open_study(request: HttpRequest, number: str) -> Status[dict[str, object]]:
    """Open the study of a feature request (agents)."""
    case = _case(request, number, agents_only=True)
    return Status(201, _study(start_study(case, actor=caller(request))))


@router.post("/{number}/study/quote", response=StudyOut)
def quote_study(request: HttpRequest, number: str, payload: StudyQuoteIn) -> dict[str, object]:
    """Quote the studied feature as custom development (agents): an amount or units of a
    catalogue service, less the subscription level's discount on extra services."""
    case = _case(request, number, agents_only=True)
    study = quote_custom_development(
        case,
        actor=caller(request),
        amount=None if payload.amount is None else Decimal(payload.amount),
        service=payload.service,
        quantity=Decimal(payload.quantity),
    )
    return _study(study)


# --- helpers -----------------------------------------------------------------------------------
class PurchaseOrderIn(Schema):
    number: str = Field(min_length=1, max_length=50)
    amount: Money
    signer: int  # the id of the contact who signed it (one allowed to sign purchase orders)


class PriceIn(Schema):
    accept: bool


@router.post("/{number}/purchase-order", response=CaseOut)
def purchase_order(request: HttpRequest, number: str, payload: PurchaseOrderIn) -> Case:
    """Seed 000: the signed purchase order a per-event case waits for; the case opens at once.
    Refused (400, nothing recorded) when the case is not waiting for one, the signer may
    not sign, or the number is taken."""
    case = _case(request, number)
    signer = Contact.objects.filter(pk=payload.signer, organization_id=case.organization_id).first()
    if signer is None:
        raise TicketsError("unknown_signer")
    return billable.attach_purchase_order(
        case,
        number=payload.number,
        amount=payload.amount,
        signer=signer,
        actor=caller(request),
    )


@router.post("/{number}/price", response=CaseOut)
def price(request: HttpRequest, number: str, payload: PriceIn) -> Case:
    """Seeds 001 and 003: the client accepts the per-event price or buys the extra ticket offered
    (the case opens), or declines (the case is closed, nothing billed)."""
    case = _case(request, number)
    if payload.accept:
        return billable.accept_price(case, actor=caller(request))
    return billable.decline_price(case, actor=caller(request))


class ConsentIn(Schema):
    accept: bool


@router.post("/{number}/consent", response=CaseOut)
def consent(request: HttpRequest, number: str, payload: ConsentIn) -> Case:
    """Seed 002: the client consents to the referral of a case that is not support to the
    partner (the case is referred) or declines it (closed without action). 400 `not_pending`
    when the case is not waiting for consent."""
    case = _case(request, number)
    return answer_referral(case, accepted=payload.accept, actor=caller(request))


class OutOfScopeIn(Schema):
    action: str  # reject, sales or refer
    reason: str
    category: str = ""  # a scope category of the policy, whose words the requester reads


@router.post("/{number}/out-of-scope", response=CaseOut)
def out_of_scope(request: HttpRequest, number: str, payload: OutOfScopeIn) -> Case:
    """Seeds 002 and 004 (agents): an open, in-progress or waiting case that is not support is
    refused, sent to sales or referred to a partner with the client's consent, with the reason;
    the requester is told and the ticket credited back. 400 `not_out_of_scope_now` for a case
    in another status."""
    case = _case(request, number, agents_only=True)
    return mark_out_of_scope(
        case,
        action=payload.action,
        reason=payload.reason,
        category=payload.category,
        actor=caller(request),
    )


def _visible(user: Any) -> QuerySet[Case]:
    return visible_cases(user).select_related("assignee", "team")


def _case(request: HttpRequest, number: str, *, agents_only: bool = False) -> Case:
    """The case as the caller may see it: 404 when it is not theirs to see, 403 when it is but
    the action is for agents."""
    case = case_for(caller(request), number)
    if case is None:
        raise HttpError(404, "not found")
    if agents_only and not is_agent(caller(request)):
        raise HttpError(403, "agents only")
    return case
