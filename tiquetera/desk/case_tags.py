"""The tags block of the case page: add tags (comma-separated, suggested from the policy's
list), take one off. htmx swaps only the block (`#case-tags`); without JavaScript the form
posts and the case page comes back."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiquetera.core.errors import DomainError
from tiquetera.core.permissions import agent_required
from tiquetera.tickets.models import Case
from tiquetera.tickets.selectors import case_for
from tiquetera.tickets.tags import add_tags, case_tags, policy_tags, remove_tag


def tags_context(case: Case, *, error: str = "", typed: str = "") -> dict[str, object]:
    return {
        "case": case,
        "tags": case_tags(case),
        "tag_suggestions": policy_tags(case.policy_id),
        "tag_error": error,
        "tag_typed": typed,
    }


@require_POST
@agent_required
def case_tags_view(request: HttpRequest, number: str) -> HttpResponse:
    """`add` (one or more tags, comma-separated) or `remove` (one tag)."""
    case = case_for(request.user, number)
    if case is None:
        raise Http404
    typed = request.POST.get("add", "")
    error, done = "", ""
    try:
        if "remove" in request.POST:
            name = request.POST["remove"]
            if remove_tag(case, name, actor=request.user):
                done = _("Tag “%(name)s” removed.") % {"name": name}
        else:
            added = add_tags(case, typed, actor=request.user)
            typed = ""
            if added:
                done = _("Tags added: %(names)s.") % {"names": ", ".join(added)}
    except DomainError as refusal:
        error = refusal.message
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        elif done:
            messages.success(request, done)
        return redirect("desk:case", number=case.number)
    context = {**tags_context(case, error=error, typed=typed), "tag_done": done}
    return render(request, "desk/_case_tags.html", context)
