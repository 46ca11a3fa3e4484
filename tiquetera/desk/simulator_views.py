"""The Simulador (issue 19): an administrator pastes or uploads a policy file — or edits the one
in force —, chooses a window and runs it; the worker replays the window under the file
(`policy.simulation`) and the report page shows each table with its chart and CSV, current
beside proposed. Only those who may change the policy (`policy.change_policy`) see it."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from tiquetera.core.dates import short_date, short_datetime
from tiquetera.core.permissions import agent_required
from tiquetera.policy.dump import dump_policy
from tiquetera.policy.models import Policy, SimulationReport
from tiquetera.policy.problems import PolicyFileError
from tiquetera.policy.revisions import current_revision
from tiquetera.policy.simulation.errors import SimulationError
from tiquetera.policy.simulation.stored import give_up_stale, request_simulation, simulations
from tiquetera.policy.simulation.tables import SHOWN, Table, summary, tables

from .simulator_charts import chart_of
from .simulator_forms import SimulationForm, file_problems


def may_simulate(user: User | AnonymousUser) -> bool:
    """Who may change the policy may simulate a change (the header's link asks the same)."""
    return user.has_perm("policy.change_policy")


def _require(request: HttpRequest) -> None:
    if not may_simulate(request.user):
        raise PermissionDenied


def _policy(request: HttpRequest) -> Policy:
    """`?policy=SLUG`, else the first policy (by name)."""
    slug = request.GET.get("policy") or request.POST.get("policy")
    policies = Policy.objects.order_by("name", "pk")
    found = policies.filter(slug=slug).first() if slug else policies.first()
    if found is None:
        raise Http404(_("There is no policy %(slug)s.") % {"slug": slug or ""})
    return found


def _initial_text(policy: Policy, again: str) -> str:
    """The file of an earlier simulation (`?again=ID`: "simulate again"), else the file of the
    revision in force, else the policy as the database holds it (`policy dump`)."""
    earlier = (
        SimulationReport.objects.filter(pk=int(again), policy=policy).only("text").first()
        if again.isdigit()
        else None
    )
    if earlier is not None:
        return earlier.text
    revision = current_revision(policy.slug)
    return revision.text if revision is not None else dump_policy(policy)


OPENING_WINDOW_DAYS = 30  # the window the form opens with for a file that has no date of its own


def _initial(policy: Policy, again: str) -> dict[str, object]:
    """The form as it opens: the file to edit and, when the policy in force has no
    `effective_from` to start the window from, the last 30 days as its first day — left empty,
    "Simular" answered "give the window's first day" to whoever tried it as it came."""
    initial: dict[str, object] = {"text": _initial_text(policy, again)}
    revision = current_revision(policy.slug)
    if revision is None or revision.effective_from is None:
        today = timezone.localdate(timezone=ZoneInfo(policy.time_zone))
        initial["start"] = today - dt.timedelta(days=OPENING_WINDOW_DAYS)
    return initial


@require_http_methods(["GET", "HEAD", "POST"])
@agent_required
def simulator(request: HttpRequest) -> HttpResponse:
    """/simulator/?policy=SLUG: the form and the simulations asked for before."""
    _require(request)
    policy = _policy(request)
    form = SimulationForm(
        request.POST or None,
        request.FILES or None,
        policy=policy,
        initial=_initial(policy, request.GET.get("again", "")),
    )
    problems: list[Any] = []
    give_up_stale()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stored = request_simulation(
                data["text"],
                filename=form.filename(policy),
                start=data["start"],
                end=data["end"],
                organization=data["organization"],
                expected=policy.slug,
                actor=request.user,  # type: ignore[arg-type]
            )
        except PolicyFileError as error:
            problems = file_problems(error, data["text"])
            form.fields["text"].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": "file-problems"}
            )
        except SimulationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("desk:simulation", stored.pk)
    return render(
        request,
        "desk/simulator.html",
        {
            "policy": policy,
            "policies": Policy.objects.order_by("name", "pk"),
            "form": form,
            "problems": problems,
            "simulations": simulations(policy.pk)[:20],
        },
    )


def _simulation(request: HttpRequest, simulation_id: int) -> SimulationReport:
    _require(request)
    give_up_stale()  # a run whose worker died shows as failed, not "running" for ever
    return get_object_or_404(
        SimulationReport.objects.select_related("policy", "requested_by"), pk=simulation_id
    )


@require_safe
@agent_required
def simulation(request: HttpRequest, simulation_id: int) -> HttpResponse:
    """/simulator/ID/: the report, or where its run stands (the page polls until it is done)."""
    found = _simulation(request, simulation_id)
    sections: list[tuple[Table, Any]] = []
    zone = ZoneInfo(found.policy.time_zone)
    if found.status == SimulationReport.Status.DONE and found.report:
        shown = tables(found.report, limit=SHOWN)  # a list of cases: its first rows, as the CLI
        sections = [(for_people(table, zone), chart_of(table.key, found.report)) for table in shown]
    return render(
        request,
        "desk/simulation.html",
        {
            "simulation": found,
            "requester": _name(found.requested_by),
            "summary": _readable(summary(found.report), zone) if found.report else "",
            "sections": sections,
        },
    )


# The report's tables speak ISO, as its CSV and the command line do ("2026-12-09T14:48:00+00:00",
# "82.1 %"); the page reads them as people write them: "9 dic 2026, 9:48 a. m." in the policy's
# time zone, "82,1 %".
ISO_MOMENT = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})")
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
PERCENT = re.compile(r"\b(\d+)\.(\d+) %")
AMOUNT = re.compile(r"(?<![\d.,])\d+\.\d{2}(?![\d.%])")  # "3000.00", "+3000.00 (3)"


def _readable(text: str, zone: ZoneInfo) -> str:
    text = ISO_MOMENT.sub(
        lambda m: short_datetime(dt.datetime.fromisoformat(m.group(0)), zone), text
    )
    text = ISO_DAY.sub(lambda m: short_date(dt.date.fromisoformat(m.group(0))), text)
    decimal = get_format("DECIMAL_SEPARATOR")
    text = PERCENT.sub(lambda m: f"{m.group(1)}{decimal}{m.group(2)}\u00a0%", text)
    return AMOUNT.sub(lambda m: number_format(Decimal(m.group(0)), 2, force_grouping=True), text)


def for_people(table: Table, zone: ZoneInfo) -> Table:
    """`table` as the page shows it (the CSV keeps the report's own cells)."""
    rows = [[_readable(cell, zone) for cell in row] for row in table.rows]
    return dataclasses.replace(table, rows=rows)


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "—"


@require_safe
@agent_required
def simulation_status(request: HttpRequest, simulation_id: int) -> HttpResponse:
    """htmx, every few seconds while the simulation runs: once it has finished, the whole page
    is loaded again (its charts are drawn on load)."""
    found = _simulation(request, simulation_id)
    response = render(request, "desk/_simulation_status.html", {"simulation": found})
    if found.finished:
        response["HX-Refresh"] = "true"
    return response


@require_safe
@agent_required
def simulation_csv(request: HttpRequest, simulation_id: int, table: str) -> HttpResponse:
    """/simulator/ID/TABLE.csv: one table of the report, as the page and the CLI show it."""
    found = _simulation(request, simulation_id)
    if not found.report:
        raise Http404(_("The simulation has no report yet."))
    chosen = next((t for t in tables(found.report) if t.key == table), None)
    if chosen is None:
        raise Http404(_("There is no such table."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="simulacion-{found.pk}-{chosen.key}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(chosen.headers)
    writer.writerows(chosen.rows)
    return response
