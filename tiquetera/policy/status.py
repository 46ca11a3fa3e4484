"""`tiquetera policy status` in words: per policy, the revision in force and the scheduled ones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Policy, PolicyRevision
from .revisions import current_revision, scheduled_revisions
from .selectors import PolicyNotFound

State = PolicyRevision.State


def status_lines(slug: str | None = None) -> list[str]:
    """Every policy (or the one with `slug`), loaded or only scheduled, as lines of text."""
    loaded = {policy.slug: policy for policy in Policy.objects.order_by("slug")}
    waiting = set(
        PolicyRevision.objects.filter(state=State.SCHEDULED).values_list("slug", flat=True)
    )
    slugs = sorted(set(loaded) | waiting)
    if slug is not None:
        if slug not in slugs:
            raise PolicyNotFound(slug, slugs)
        slugs = [slug]
    if not slugs:
        return [_("No policy is loaded or scheduled.")]
    lines: list[str] = []
    for each in slugs:
        lines += _policy_lines(each, loaded.get(each))
    return lines


def _policy_lines(slug: str, policy: Policy | None) -> list[str]:
    zone = ZoneInfo(policy.time_zone if policy else settings.TIME_ZONE)
    if policy is None:
        lines = [_("Policy %(slug)s: not loaded yet.") % {"slug": slug}]
    else:
        lines = [_("Policy %(slug)s (%(name)s)") % {"slug": slug, "name": policy.name}]
        lines.append("  " + _current_text(policy, zone))
    scheduled = scheduled_revisions(slug)
    for revision in scheduled:
        lines.append(
            "  "
            + _("Scheduled: revision %(id)s takes effect on %(date)s; %(loaded)s")
            % {
                "id": revision.pk,
                "date": when(revision.effective_from, zone),
                "loaded": _loaded_text(revision, zone),
            }
        )
    if not scheduled:
        lines.append("  " + _("Nothing scheduled."))
    failed = PolicyRevision.objects.filter(slug=slug, state=State.FAILED).order_by("-pk")[:3]
    for revision in failed:
        lines.append(
            "  "
            + _("Could not be applied: revision %(id)s, due on %(date)s: %(error)s")
            % {
                "id": revision.pk,
                "date": when(revision.effective_from, zone),
                "error": revision.error,
            }
        )
    return lines


def _current_text(policy: Policy, zone: ZoneInfo) -> str:
    current = current_revision(policy.slug)
    if current is None:  # loaded before revisions were kept, or by a test's load_policy
        return _(
            "In force: the policy as last loaded from %(source)s, changed on %(date)s (no file "
            "text kept)."
        ) % {"source": policy.source, "date": when(policy.updated_at, zone)}
    text = _("In force: revision %(id)s; %(loaded)s") % {
        "id": current.pk,
        "loaded": _loaded_text(current, zone),
    }
    if current.effective_from is not None:
        text += " " + _("In force since %(date)s.") % {"date": when(current.effective_from, zone)}
    return text


def _loaded_text(revision: PolicyRevision, zone: ZoneInfo) -> str:
    who = revision.loaded_by
    return _("loaded on %(date)s by %(who)s from %(source)s (checksum %(checksum)s).") % {
        "date": when(revision.loaded_at, zone),
        "who": (who.get_full_name() or who.get_username()) if who else _("the command line"),
        "source": revision.source,
        "checksum": revision.checksum[:12],
    }


def when(moment: dt.datetime | None, zone: dt.tzinfo | None) -> str:
    """'1 jul 2027 00:00 (America/Panama)'."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment, zone)
    name = getattr(zone, "key", None) or local.tzname()
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({name})"
