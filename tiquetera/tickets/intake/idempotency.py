"""Taking a case in once, however often it is sent: an API client's `Idempotency-Key` header, or
the portal form's one-time token.

The key is stored with the case inside the intake's transaction (`IntakeKey`, unique per
owner), so there is no moment when a case exists without its key: a retry after a crash between
the commit and the answer finds the case; a twin sent at the same time fails on the unique
constraint, its whole transaction (case, consumption, clocks) rolls back, and it answers with
the first one's case.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db import IntegrityError

from tiquetera.core.queries import Prepared

from ..models import Case, IntakeKey
from .pipeline import submit
from .request import IntakeError, IntakeRequest

KEY = re.compile(r"[\x21-\x7e]{1,255}")  # visible ASCII, as a header carries it


@dataclass(frozen=True)
class Submitted:
    case: Case
    created: bool  # False: the key was used before, this is its case


def fingerprint(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def valid_key(key: str) -> str:
    """`key` when it may be an idempotency key, else IntakeError "invalid_idempotency_key"."""
    if not KEY.fullmatch(key):
        raise IntakeError("invalid_idempotency_key")
    return key


# read at every portal form's sending and keyed API intake: compiled once (core/queries.py)
_EARLIER = Prepared(
    lambda owner_id, key: IntakeKey.objects.filter(owner_id=owner_id, key=key).order_by(), int, str
)


def earlier_intake(owner: Any, key: str) -> IntakeKey | None:
    """The key's earlier use by `owner` (its case read when asked for: a new key, the usual
    answer, costs one narrow read)."""
    return _EARLIER.first(owner.pk, key)  # type: ignore[no-any-return]


def submit_once(
    owner: Any, key: str, build: Callable[[], IntakeRequest], *, body_fingerprint: str = ""
) -> Submitted:
    """Take in the case `build()` describes (it may store the raw payload: it is called only
    when the key is new) with `owner`'s idempotency `key`: the case made the first time the key
    was used, or a new one stored with the key. IntakeError "idempotency_key_reused" when the
    key was first used for another request body."""
    earlier = earlier_intake(owner, key)
    if earlier is None:
        request = replace(
            build(), actor=owner, idempotency_key=key, idempotency_fingerprint=body_fingerprint
        )
        try:
            return Submitted(submit(request), created=True)
        except IntegrityError:
            earlier = earlier_intake(owner, key)  # a twin committed first
            if earlier is None:
                raise
    if body_fingerprint and earlier.fingerprint and earlier.fingerprint != body_fingerprint:
        raise IntakeError("idempotency_key_reused")
    return Submitted(earlier.case, created=False)
