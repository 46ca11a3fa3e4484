"""Tags on cases: words agents put on a case to find it again (issue 17, "tags on cases").

A tag belongs to the case's policy (the vendor's one list, offered to its agents as they type)
and is written as it will be shown and filtered: trimmed, spaces collapsed, lower case. Adding
writes one "case.tagged" audit event naming the tags added, removing one "case.untagged" naming
the tag removed; a tag the case already has (or lacks) writes nothing.
"""

import re

from django.db import transaction

from tiquetera.audit.services import record
from tiquetera.core.queries import Prepared

from .errors import TicketsError
from .lifecycle._shared import Actor, lock
from .models import Case, Tag

NAME_MAX = 40
TAGS_OFFERED = 200  # the datalist of a policy's tags: the most a person scrolls through
_SPACES = re.compile(r"\s+")


def tag_names(text: str) -> list[str]:
    """The tags written in `text`, separated by commas, each cleaned once (order kept).
    TicketsError "tag_empty" when there is none, "tag_too_long" for a name over 40."""
    names: list[str] = []
    for part in text.split(","):
        name = _SPACES.sub(" ", part).strip().lower()
        if not name:
            continue
        if len(name) > NAME_MAX:
            raise TicketsError("tag_too_long", value=name[:NAME_MAX], max=NAME_MAX)
        if name not in names:
            names.append(name)
    if not names:
        raise TicketsError("tag_empty")
    return names


# read on every case page: compiled once (core/queries.py)
_OF_CASE = Prepared(
    lambda case_id: Tag.objects.filter(cases=case_id).order_by().values_list("name"), int
)
_OF_POLICY = Prepared(
    lambda policy_id: (
        Tag.objects.filter(policy_id=policy_id).order_by("name").values_list("name")[:TAGS_OFFERED]
    ),
    int,
)


def case_tags(case: Case) -> list[str]:
    return sorted(name for (name,) in _OF_CASE.all(case.pk))


def add_tags(case: Case, text: str, *, actor: Actor) -> list[str]:
    """Put the tags written in `text` on the case (made in its policy's list if new); returns
    the ones added. One "case.tagged" event when any was added."""
    names = tag_names(text)
    with transaction.atomic():
        locked = lock(case)
        before = case_tags(locked)
        added = [name for name in names if name not in before]
        if not added:
            return []
        tags = [Tag.objects.get_or_create(policy_id=locked.policy_id, name=n)[0] for n in added]
        locked.tags.add(*tags)
        record(
            actor=actor,
            verb="case.tagged",
            target=locked,
            before={"tags": before},
            after={"tags": sorted([*before, *added])},
            note=", ".join(added),
        )
    return added


def remove_tag(case: Case, name: str, *, actor: Actor) -> bool:
    """Take the tag `name` off the case; False (nothing written) when it did not have it."""
    (name,) = tag_names(name)[:1]
    with transaction.atomic():
        locked = lock(case)
        before = case_tags(locked)
        if name not in before:
            return False
        locked.tags.remove(*Tag.objects.filter(policy_id=locked.policy_id, name=name))
        record(
            actor=actor,
            verb="case.untagged",
            target=locked,
            before={"tags": before},
            after={"tags": [tag for tag in before if tag != name]},
            note=name,
        )
    return True


def policy_tags(policy_id: int) -> list[str]:
    """The policy's tags by name, for the case page's suggestions."""
    return [name for (name,) in _OF_POLICY.all(policy_id)]


def tags_in_use() -> list[str]:
    """Every tag name some policy has, each once, for the queue's tag filter suggestions."""
    return [name for (name,) in _IN_USE.all()]


_IN_USE = Prepared(  # on every queue page: compiled once per connection
    lambda: Tag.objects.order_by("name").values_list("name").distinct()[:TAGS_OFFERED]
)
