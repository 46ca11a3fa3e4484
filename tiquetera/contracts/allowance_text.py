"""An allowance line in words, the same in the CLI, the desk and the API's `summary`."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .selectors import AllowanceLine, Limit


def usable_text(label: str, line: AllowanceLine) -> str:
    """ "Priority 1: 0 available — the plan's total (14) is used up" when the total binds;
    "Priority 1: 3 of 6 left" when the priority's own cap does; no cap, or not included."""
    if line.cap == 0:
        return _("%(label)s: not included") % {"label": label}
    if line.limited_by == Limit.TOTAL:
        if line.total_exhausted:
            return _("%(label)s: 0 available — the plan's total (%(total)s) is used up") % {
                "label": label,
                "total": line.total_cap,
            }
        return _(
            "%(label)s: %(usable)s available — the plan's total (%(total)s) has only "
            "%(usable)s left"
        ) % {"label": label, "usable": line.usable, "total": line.total_cap}
    if line.cap is None:
        return ngettext(
            "%(label)s: no limit (%(used)s used)", "%(label)s: no limit (%(used)s used)", line.used
        ) % {"label": label, "used": line.used}
    return _("%(label)s: %(left)s of %(cap)s left") % {
        "label": label,
        "left": line.left,
        "cap": line.cap,
    }
