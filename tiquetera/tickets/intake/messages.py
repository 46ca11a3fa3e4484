"""What the requester reads about a case its plan made billable or refused."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from tiquetera.contracts.models import Consumption

from ..models import Case

# The clause only an email can honour: the portal shows the same stored message without it
# (`portal.case_selectors.portal_notice`), where there is no message to reply to.
REPLY_WITH_IT = gettext_lazy(" or reply to this message with it")


def consumption_message(consumption: Consumption, case: Case) -> str:
    """What the requester reads about a case that is billable or refused by its plan: why, the
    price, and what to do (in the active language)."""
    from django.utils.translation import gettext as _

    from tiquetera.billing.templatetags.billing import money

    o, r = Consumption.Outcome, Consumption.Reason
    if consumption.outcome == o.REFUSED:
        reasons: dict[str, str] = {
            r.NO_ACTIVE_PLAN: _("there is no active support plan"),
            r.NOT_INCLUDED: _("your plan does not include this priority"),
            r.EXHAUSTED: _("your plan has no tickets left this period"),
        }
        return _(
            "This case cannot be attended because %(reason)s. Contact our sales team to extend "
            "your plan, then open the case again."
        ) % {"reason": reasons.get(consumption.reason, consumption.reason)}
    whys: dict[str, str] = {
        r.NO_ACTIVE_PLAN: _("%(organization)s has no active support plan")
        % {"organization": case.organization.legal_name},
        r.OUT_OF_HOURS: _("it arrived outside the hours your plan covers"),
        r.NOT_INCLUDED: _("your plan does not include this priority"),
    }
    why = whys.get(consumption.reason, _("your plan has no tickets left for this case"))
    price = money(consumption.price, consumption.currency)
    page = settings.SITE_URL.rstrip("/") + reverse("portal:case", args=[case.number])
    if consumption.outcome == o.EXTRA_OFFERED:
        return _(
            "Your plan has no tickets left this period. You can buy an extra ticket for "
            "%(price)s on the case's page: %(page)s. The case will be attended once you do."
        ) % {"price": price, "page": page}
    if consumption.outcome == o.AWAITING_ACCEPTANCE:
        return _(
            "Since %(why)s, this case is a per-event service at %(price)s, without discounts. "
            "It will be attended once you accept the price on the case's page: %(page)s."
        ) % {"why": why, "price": price, "page": page}
    priced = _(" at %(price)s") % {"price": price} if price else ""
    return _(
        "Since %(why)s, this case is a per-event service%(priced)s. It will be attended once we "
        "receive a purchase order signed by a person authorized to request services: attach it "
        "on the case's page (%(page)s)%(or_reply)s."
    ) % {"why": why, "priced": priced, "page": page, "or_reply": REPLY_WITH_IT}
