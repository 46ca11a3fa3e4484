"""/api/v1/tokens: a person's own API tokens — list, issue (the token shown once), revoke."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from .auth import caller
from .models import ApiToken
from .tokens import issue_token, revoke_token

router = Router(tags=["tokens"])


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    expires_at: dt.datetime | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    organization_id: int | None
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class IssuedTokenOut(TokenOut):
    token: str  # shown this once


@router.get("", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=caller(request)))


@router.post("", response={201: IssuedTokenOut})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    user = caller(request)
    row, token = issue_token(user, name=payload.name, expires_at=payload.expires_at, actor=user)
    return Status(201, {**TokenOut.from_orm(row).model_dump(), "token": token})


@router.delete("/{token_id}", response=TokenOut)
def delete_token(request: HttpRequest, token_id: int) -> ApiToken:
    row = get_object_or_404(ApiToken, pk=token_id, user=caller(request))
    return revoke_token(row, actor=caller(request))
