"""/api/v1/cases/{number}/tags: agents put tags on a case and take them off (issue 17).

Tags are the agents' own words for finding cases again, so only agents read or change them: a
client's token gets 403 on these routes (and an empty `tags` when reading a case), and a case
the caller may not see is a 404, as everywhere in the API.
"""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from tiquetera.api.auth import caller
from tiquetera.core.permissions import is_agent

from .models import Case
from .selectors import case_for
from .tags import NAME_MAX, add_tags, case_tags, remove_tag

router = Router(tags=["cases"])


class TagsIn(Schema):
    tags: list[Annotated[str, Field(min_length=1, max_length=NAME_MAX)]] = Field(
        min_length=1, max_length=20
    )


class TagsOut(Schema):
    number: str
    tags: list[str]


@router.post("/{number}/tags", response=TagsOut)
def tag_case(request: HttpRequest, number: str, payload: TagsIn) -> dict[str, object]:
    """Adds the tags (made in the case's policy's list when new); a tag the case has is left
    alone. Answers with every tag of the case."""
    case = _agents_case(request, number)
    add_tags(case, ",".join(payload.tags), actor=caller(request))
    return {"number": case.number, "tags": case_tags(case)}


@router.delete("/{number}/tags", response=TagsOut)
def untag_case(request: HttpRequest, number: str, name: str) -> dict[str, object]:
    """Takes the tag `?name=` off the case (nothing happens when it does not have it)."""
    case = _agents_case(request, number)
    remove_tag(case, name, actor=caller(request))
    return {"number": case.number, "tags": case_tags(case)}


def _agents_case(request: HttpRequest, number: str) -> Case:
    case = case_for(caller(request), number)
    if case is None:
        raise HttpError(404, "not found")
    if not is_agent(caller(request)):
        raise HttpError(403, "agents only")
    return case
