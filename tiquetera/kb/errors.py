"""Refusals of the knowledge base: a code for programs and a translated message."""

from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError


class KbError(DomainError):
    """A knowledge-base change refused: `code` says why."""

    messages = {
        "agents_only": _("Only agents can write in the knowledge base."),
        "title_required": _("An entry needs a title."),
        "bad_slug": _(
            "“%(slug)s” is not a valid identifier: use lowercase letters, digits and hyphens."
        ),
        "slug_reserved": _("“%(slug)s” is reserved: choose another identifier."),
        "slug_taken": _("Another entry already uses the identifier “%(slug)s”."),
        "other_policy_category": _("The category “%(category)s” belongs to another policy."),
        "unknown_field": _("“%(field)s” cannot be changed here."),
        "invalid_choice": _("“%(value)s” is not a valid %(field)s."),
        "not_an_announcement": _("Only an announcement can resolve feature requests."),
        "not_a_feature_request": _("Case %(number)s is not a feature request."),
        "other_policy_case": _("Case %(number)s belongs to another vendor's policy."),
        "not_visible": _("This entry does not exist or you may not see it."),
        "not_published": _("Only a published entry can be rated."),
        "comment_too_long": _("The comment is too long: at most %(limit)s characters."),
    }
