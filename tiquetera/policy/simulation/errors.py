"""Why a simulation does not run (nothing is replayed, nothing is written)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "unknown_policy": _(
        "The file is for the policy “%(slug)s”, which is not loaded here: a simulation compares "
        "a change with a policy in use. Load it first, or check the file's [policy] slug."
    ),
    "other_policy": _(
        "The organization %(organization)s follows the policy “%(current)s”, not “%(slug)s”: "
        "a file can only be simulated for its own vendor's clients."
    ),
    "not_this_policy": _(
        "The file is for the policy “%(slug)s”, and this simulation is of “%(expected)s”: "
        "check the file's [policy] slug, or choose that policy."
    ),
    "unknown_organization": _("There is no organization with the tax id “%(key)s”."),
    "empty_window": _(
        "No case of policy “%(slug)s” was received from %(start)s to %(end)s: there is nothing "
        "to simulate. Choose another window."
    ),
    "bad_window": _("The window ends (%(end)s) before it starts (%(start)s)."),
    "no_start": _("Give the window's first day: the file has no effective_from to start from."),
    "scheduled_ahead": _(
        "The file takes effect on %(date)s, which is still to come: no case has been received "
        "under it yet. Give the window's first day to replay past cases as if it had applied "
        "then."
    ),
}


class SimulationError(DomainError):
    """A simulation refused before anything ran."""

    messages = MESSAGES
