"""The knowledge base pages: articles by category with a search box, announcements, an entry
with its "was this useful?" block and related entries, and a print view. Anyone may read the
public entries; a client's contact also reads those for their policy's clients; agents read
everything, drafts included."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import selectors
from .errors import KbError
from .models import Category, Entry
from .services import rate_entry

PER_PAGE = 20
MAX_QUERY_CHARS = 200


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The articles (of one category with ?category=), or the search results for ?q=."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_CHARS]
    shelves = list(selectors.categories(request.user))
    category: Category | None = None
    if slug := request.GET.get("category", ""):
        category = next((shelf for shelf in shelves if shelf.slug == slug), None)
        if category is None:
            raise Http404
    if query:
        found = selectors.search(request.user, query)
    else:
        found = selectors.articles(request.user, category=category)
    return render(
        request,
        "kb/index.html",
        {
            "query": query,
            "categories": shelves,
            "category": category,
            "page": Paginator(found, PER_PAGE).get_page(request.GET.get("page")),
            "latest": selectors.announcements(request.user)[:3] if not query else [],
        },
    )


@require_safe
def announcements(request: HttpRequest) -> HttpResponse:
    """The announcements, newest first."""
    found = selectors.announcements(request.user)
    return render(
        request,
        "kb/announcements.html",
        {"page": Paginator(found, PER_PAGE).get_page(request.GET.get("page"))},
    )


@require_safe
def entry(request: HttpRequest, slug: str) -> HttpResponse:
    """An article or announcement, its rating block and the entries related to it."""
    found = _entry_or_404(request, slug)
    return render(
        request,
        "kb/entry.html",
        {
            "entry": found,
            "section": "announcements" if found.kind == Entry.Kind.ANNOUNCEMENT else "articles",
            "related": selectors.related_entries(found, request.user),
            **_rating_context(request, found),
        },
    )


@require_safe
def print_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The entry alone, laid out for paper."""
    found = _entry_or_404(request, slug)
    address = request.build_absolute_uri(reverse("kb:entry", args=[found.slug]))
    return render(request, "kb/print.html", {"entry": found, "address": address})


@require_POST
def rate(request: HttpRequest, slug: str) -> HttpResponse:
    """Record "was this useful?" (useful=yes|no, an optional comment). With htmx, answers the
    rating block; without, goes back to the entry page."""
    found = _entry_or_404(request, slug)
    answer = request.POST.get("useful", "")
    error = ""
    if answer not in ("yes", "no"):
        error = _("Choose yes or no.")
    else:
        if not request.user.is_authenticated and request.session.session_key is None:
            request.session.save()  # an anonymous reader's rating is kept per session
        try:
            rate_entry(
                found,
                useful=answer == "yes",
                comment=request.POST.get("comment", ""),
                actor=request.user,
                session_key=request.session.session_key or "",
            )
        except KbError as refused:
            error = refused.message
    if request.headers.get("HX-Request"):
        context = {"entry": found, "error": error, **_rating_context(request, found)}
        return render(request, "kb/_rating.html", context)  # htmx swaps only 2xx answers
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("kb:entry", slug=found.slug)


def _entry_or_404(request: HttpRequest, slug: str) -> Entry:
    found = selectors.entry_for(request.user, slug)
    if found is None:
        raise Http404
    return found


def _rating_context(request: HttpRequest, found: Entry) -> dict[str, object]:
    summary = selectors.rating_summary(
        found, user=request.user, session_key=request.session.session_key or ""
    )
    return {"rating": summary}
