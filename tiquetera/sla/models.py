"""SLA targets (what the policy promises) and clocks (one row per case and target).

DESIGN.md, "SLA clocks are rows": a clock holds its calendar, its target in business minutes,
the business minutes used before the current run, its state and a stored `due_at`; pausing and
resuming recompute `due_at` with the business-time engine. The breach sweep and the queue are
indexed queries on these stored columns, never a loop over cases.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tiquetera.calendars.durations import business_text


class Metric(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("first response")
    ASSIGNMENT = "assignment", _("assignment")
    RESOLUTION = "resolution", _("resolution")
    PROGRESS_UPDATE = "progress_update", _("progress update")
    # not a policy target: the date R&D committed to for a bug's fix (`fix_date_committed`)
    FIX_DATE = "fix_date", _("committed fix date")


class Action(models.TextChoices):
    """What the sweep does when a clock reaches its warning or its due time (the target's
    `on_warning` and `on_breach`)."""

    NOTIFY = "notify", _("notify the assignee (and the team's leads on a breach)")
    RAISE_SEVERITY = "raise_severity", _("raise the case to the next more urgent severity")
    REASSIGN = "reassign", _("reassign the case")


LEAD = "lead"  # `reassign_to`: the case's team lead, rather than a team's identifier


def notify_only() -> list[str]:
    """What a target does on a warning or a breach unless the policy says more."""
    return [Action.NOTIFY.value]


class SlaSettings(models.Model):
    """The policy's SLA options: the warning threshold and the auto-close timers (seed 004)."""

    policy = models.OneToOneField(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="sla_settings",
        verbose_name=_("policy"),
    )
    warn_at_percent = models.PositiveSmallIntegerField(_("warn at (% of the target)"), default=80)
    start_on_verification = models.BooleanField(
        _("clocks start when a case is verified"),
        default=False,
        help_text=_("Otherwise they start when the case is received."),
    )
    pause_for_rd = models.BooleanField(
        _("R&D's committed fix date pauses the resolution"),
        default=False,
        help_text=_(
            "While a case is escalated to R&D its resolution clock stops, and the committed fix "
            "date is a deadline of its own."
        ),
    )
    auto_close_waiting_minutes = models.PositiveIntegerField(
        _("close after waiting on the client (business minutes)"),
        null=True,
        blank=True,
        help_text=_("Empty: never."),
    )
    auto_close_failed_attempts = models.PositiveSmallIntegerField(
        _("close after failed contact attempts"),
        null=True,
        blank=True,
        help_text=_("Empty: never."),
    )
    auto_close_calendar = models.ForeignKey(
        "calendars.Calendar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auto-close calendar"),
    )

    class Meta:
        verbose_name = _("SLA settings")
        verbose_name_plural = _("SLA settings")

    def __str__(self) -> str:
        return str(self.policy)


NO_PLAN = "none"  # `SlaTarget.plan`: the cases that consumed no plan's ticket


class SlaTarget(models.Model):
    """A promise: `metric` within `minutes` of business time on `calendar`, for cases of type
    `case_type` ("" any), of `severity` ("" any) under plan `plan` ("" any plan; "none": cases
    that took no plan's ticket). The most specific target wins: type and plan, then type, then
    plan, then severity (`sla.services.targets_for`)."""

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="sla_targets",
        verbose_name=_("policy"),
    )
    metric = models.CharField(_("metric"), max_length=16, choices=Metric.choices)
    case_type = models.CharField(_("case type"), max_length=50, blank=True)
    severity = models.CharField(_("severity"), max_length=8, blank=True)
    plan = models.CharField(_("plan"), max_length=50, blank=True)
    minutes = models.PositiveIntegerField(_("business minutes"))
    calendar = models.ForeignKey(
        "calendars.Calendar", on_delete=models.PROTECT, related_name="+", verbose_name=_("calendar")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    on_warning = models.JSONField(
        _("on a warning"),
        default=notify_only,
        blank=True,
        help_text=_('Actions, in order: "notify", "raise_severity", "reassign".'),
    )
    on_breach = models.JSONField(
        _("on a breach"),
        default=notify_only,
        blank=True,
        help_text=_('Actions, in order: "notify", "raise_severity", "reassign".'),
    )
    reassign_to = models.CharField(
        _("reassign to"),
        max_length=50,
        blank=True,
        help_text=_("\"lead\": the case's team lead; otherwise a team's identifier."),
    )

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ["policy", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "metric", "case_type", "severity", "plan"],
                name="sla_target_unique",
            )
        ]

    def __str__(self) -> str:
        return _("%(metric)s, %(scope)s: %(within)s") % {
            "metric": self.get_metric_display(),
            "scope": ", ".join(
                [
                    _("type %(type)s") % {"type": self.case_type or _("any")},
                    _("severity %(severity)s") % {"severity": self.severity or _("any")},
                    _("plan %(plan)s") % {"plan": self.plan or _("any")},
                ]
            ),
            "within": business_text(self.minutes, self.calendar.day_minutes),
        }


class Clock(models.Model):
    """One target running on one case."""

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        PAUSED = "paused", _("paused")
        MET = "met", _("met")
        CANCELLED = "cancelled", _("cancelled")

    case = models.ForeignKey("tickets.Case", on_delete=models.CASCADE, related_name="clocks")
    metric = models.CharField(_("metric"), max_length=16, choices=Metric.choices)
    target = models.ForeignKey(
        SlaTarget, on_delete=models.SET_NULL, null=True, blank=True, related_name="clocks"
    )
    calendar = models.ForeignKey(
        "calendars.Calendar", on_delete=models.PROTECT, related_name="+", verbose_name=_("calendar")
    )
    target_minutes = models.PositiveIntegerField(_("target (business minutes)"))
    used_minutes = models.PositiveIntegerField(
        _("business minutes used"), default=0, help_text=_("Before the current run.")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    started_at = models.DateTimeField(_("started"))
    running_since = models.DateTimeField(_("running since"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warn at"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)
    met_at = models.DateTimeField(_("met"), null=True, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target agreed by"),
    )
    override_reason = models.TextField(_("why the target was agreed"), blank=True)

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        ordering = ["case", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["case", "metric"], name="sla_clock_unique_metric")
        ]
        indexes = [
            # the sweep: running clocks past their warning or due time, not yet marked
            models.Index(
                fields=["due_at"],
                name="sla_clock_breach_due",
                condition=models.Q(state="running", breached_at__isnull=True),
            ),
            models.Index(
                fields=["warn_at"],
                name="sla_clock_warn_due",
                condition=models.Q(state="running", warned_at__isnull=True),
            ),
            # the dashboard's breaches of the day (reports.dashboards.breaches_today)
            models.Index(
                fields=["breached_at"],
                name="sla_clock_breached",
                condition=models.Q(breached_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.metric} {self.state}"


class AssignmentMode(models.TextChoices):
    """Whether the desk gives a new case to an agent by itself (the policy's [assignment])."""

    OFF = "off", _("off: an agent takes the case from the queue")
    LEAST_LOADED = "least_loaded", _("the least loaded agent")
    ROUND_ROBIN = "round_robin", _("in turn (round robin)")


class AssignmentRule(models.Model):
    """How the cases of `team` ("" every team without its own rule) are given to agents: the
    mode, and the team's shift (a calendar of the policy; none: always on shift). A policy
    without rules assigns to the least loaded agent at any hour."""

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="assignment_rules",
        verbose_name=_("policy"),
    )
    team = models.CharField(_("team"), max_length=50, blank=True)
    mode = models.CharField(
        _("auto-assignment"),
        max_length=16,
        choices=AssignmentMode.choices,
        default=AssignmentMode.LEAST_LOADED,
    )
    shift = models.ForeignKey(
        "calendars.Calendar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shift"),
    )

    class Meta:
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        constraints = [
            models.UniqueConstraint(fields=["policy", "team"], name="assignment_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team or '*'}: {self.mode}"


class AgentShift(models.Model):
    """An agent's own working hours under a policy (a calendar of it)."""

    policy = models.ForeignKey(
        "policy.Policy", on_delete=models.CASCADE, related_name="+", verbose_name=_("policy")
    )
    email = models.EmailField(_("agent's email"))
    calendar = models.ForeignKey(
        "calendars.Calendar", on_delete=models.PROTECT, related_name="+", verbose_name=_("shift")
    )

    class Meta:
        verbose_name = _("agent's shift")
        verbose_name_plural = _("agents' shifts")
        constraints = [
            models.UniqueConstraint(fields=["policy", "email"], name="agent_shift_unique")
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.calendar_id}"


class OnCall(models.Model):
    """One entry of the on-call rota: the agent who takes, from `starts` to `ends` (whole days),
    the cases clocked on `calendar` that arrive while their team is off shift."""

    policy = models.ForeignKey(
        "policy.Policy", on_delete=models.CASCADE, related_name="on_call", verbose_name=_("policy")
    )
    email = models.EmailField(_("agent's email"))
    calendar = models.ForeignKey(
        "calendars.Calendar", on_delete=models.PROTECT, related_name="+", verbose_name=_("calendar")
    )
    starts = models.DateField(_("from"))
    ends = models.DateField(_("until"))

    class Meta:
        verbose_name = _("on-call shift")
        verbose_name_plural = _("on-call rota")
        ordering = ["policy", "calendar", "starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "calendar", "starts"], name="on_call_unique_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} {self.starts}–{self.ends}"
