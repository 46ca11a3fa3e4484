"""Cases, what the policy says about them, their articles and attachments, and the lifecycle
records (modality steps, contact attempts, feature studies).

The catalogue models (CaseType, Severity, ScopeCategory, IntakeRule, DeskRules) are loaded from
the policy file (`policy/sections/intake.py`) and edited in the admin; the intake pipeline
(`tickets/intake/`) reads them. A case keeps the keys it was opened with (type, severity,
category) as text, so a policy reload that drops a type never rewrites a case's history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .statuses import QUEUE_STATUSES, UNFINISHED, Status

DEFAULT_CASE_PREFIX = "TQ"


# --- what the policy says about cases ----------------------------------------------------------
class Severity(models.Model):
    """A severity of the policy (S1 Solicitud … S3 Urgencia) and the priority it derives."""

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="severities",
        verbose_name=_("policy"),
    )
    code = models.CharField(_("code"), max_length=8, help_text=_("e.g. S3 or P1."))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    priority = models.CharField(
        _("priority"),
        max_length=8,
        help_text=_("The priority whose quota a case of this severity consumes, e.g. P1."),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=100, help_text=_("1 is most urgent.")
    )
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Backs the word URGENTE in a subject and may need a phone or chat notice."),
    )

    class Meta:
        verbose_name = _("severity")
        verbose_name_plural = _("severities")
        ordering = ["policy", "rank", "code"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "code"], name="severity_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CaseType(models.Model):
    """A type of case the policy accepts, with the fields and prerequisites it requires."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("request")
        INCIDENT = "incident", _("incident")
        QUESTION = "question", _("question")
        BUG = "bug", _("bug")
        FEATURE = "feature", _("feature request")

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="case_types",
        verbose_name=_("policy"),
    )
    key = models.SlugField(_("identifier"), max_length=50)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REQUEST)
    description = models.TextField(_("description"), blank=True)
    default_severity = models.CharField(_("default severity"), max_length=8, blank=True)
    required_fields = models.JSONField(
        _("required fields"),
        default=list,
        blank=True,
        help_text=_('Field keys, e.g. ["application", "module", "menu_path", "error_code"].'),
    )
    prerequisites = models.JSONField(
        _("prerequisites"),
        default=list,
        blank=True,
        help_text=_("Steps the requester must confirm having done before opening the case."),
    )
    team = models.ForeignKey(
        "directory.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("case type")
        verbose_name_plural = _("case types")
        ordering = ["policy", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="case_type_unique_key")
        ]

    def __str__(self) -> str:
        return self.name


class CaseField(models.Model):
    """A structured field a case type may require: application, module, menu path, error code…"""

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="case_fields",
        verbose_name=_("policy"),
    )
    key = models.SlugField(_("identifier"), max_length=50)
    label = models.CharField(_("label"), max_length=100)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("case field")
        verbose_name_plural = _("case fields")
        ordering = ["policy", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="case_field_unique_key")
        ]

    def __str__(self) -> str:
        return self.label


class ScopeCategory(models.Model):
    """Something clients ask for that is or is not support, and what happens to it."""

    class Action(models.TextChoices):
        ACCEPT = "accept", _("accept as support")
        REJECT = "reject", _("reject with the reason")
        SALES = "sales", _("route to sales")
        REFER = "refer", _("refer to a partner, with the client's consent")

    policy = models.ForeignKey(
        "policy.Policy", on_delete=models.CASCADE, related_name="scope", verbose_name=_("policy")
    )
    key = models.SlugField(_("identifier"), max_length=50)
    name = models.CharField(_("name"), max_length=100)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    reason = models.TextField(_("reason told to the requester"), blank=True)
    keywords = models.JSONField(
        _("keywords"),
        default=list,
        blank=True,
        help_text=_("Words that suggest this category in a subject or description."),
    )
    partner = models.CharField(_("partner"), max_length=200, blank=True)
    contact = models.CharField(
        _("where to ask instead"), max_length=200, blank=True, help_text=_("e.g. info@…")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("scope category")
        verbose_name_plural = _("scope categories")
        ordering = ["policy", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="scope_category_unique_key")
        ]

    def __str__(self) -> str:
        return self.name


class IntakeRule(models.Model):
    """One step of the policy's intake pipeline, run in `position` order with its parameters.

    `kind` names a function in `tickets/intake/rules/`; `params` are checked by the policy file
    section (`policy/sections/intake.py`) before they reach the database.
    """

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="intake_rules",
        verbose_name=_("policy"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("rule"), max_length=32)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("intake rule")
        verbose_name_plural = _("intake rules")
        ordering = ["policy", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "position"], name="intake_rule_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.kind}"


class DeskRules(models.Model):
    """The policy's lifecycle options: case number prefix, writing guide, modality ladder."""

    policy = models.OneToOneField(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="desk_rules",
        verbose_name=_("policy"),
    )
    case_prefix = models.CharField(
        _("case number prefix"), max_length=8, default=DEFAULT_CASE_PREFIX
    )
    writing_guide_url = models.CharField(_("writing guide"), max_length=300, blank=True)
    modality_ladder = models.JSONField(
        _("support modality ladder"),
        default=list,
        blank=True,
        help_text=_('In order, e.g. ["written", "call", "remote", "onsite"].'),
    )
    remote_tools = models.JSONField(
        _("remote session tools"), default=list, blank=True, help_text=_('e.g. ["AnyDesk"].')
    )
    skip_needs_reason = models.BooleanField(
        _("skipping a modality step needs a reason"), default=True
    )
    one_requirement_per_case = models.BooleanField(_("one requirement per case"), default=True)
    confirm_resolution = models.BooleanField(
        _("the client confirms a resolution"),
        default=True,
        help_text=_("Otherwise a resolved case is closed at once."),
    )
    channel_case_types = models.JSONField(
        _("case type per channel"),
        default=dict,
        blank=True,
        help_text=_(
            "The case type of a case that arrives without one (an email, a WhatsApp message), "
            'per channel, e.g. {"email": "soporte", "whatsapp": "soporte"}.'
        ),
    )
    unverified_email = models.CharField(
        _("email from an unverified sender"),
        max_length=8,
        choices=[
            ("park", _("parked or held for an agent")),
            ("accept", _("taken in as if verified")),
        ],
        default="park",
        help_text=_(
            "An email from a known contact that the receiving mail server did not vouch for: "
            "a new case waits for an agent, a reply is held until an agent accepts it."
        ),
    )

    class Meta:
        verbose_name = _("desk rules")
        verbose_name_plural = _("desk rules")

    def __str__(self) -> str:
        return str(self.policy)


# --- cases -------------------------------------------------------------------------------------
class CaseNumberSequence(models.Model):
    """The last case number given out under a policy in a year; see `numbering.next_number`."""

    policy = models.ForeignKey(
        "policy.Policy", on_delete=models.CASCADE, related_name="+", verbose_name=_("policy")
    )
    year = models.PositiveIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")
        constraints = [
            models.UniqueConstraint(fields=["policy", "year"], name="case_number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.policy_id}/{self.year}: {self.last}"


class Channel(models.TextChoices):
    PORTAL = "portal", _("portal")
    EMAIL = "email", _("email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PHONE = "phone", _("phone")
    API = "api", _("API")
    CHAT = "chat", _("chat")
    IN_PERSON = "in_person", _("in person")  # a client at the front desk, logged by an agent


class RawPayload(models.Model):
    """What a channel received, stored before anything is parsed: nothing a client sent is lost."""

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    content = models.BinaryField(_("content"))
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    error = models.TextField(_("error"), blank=True, help_text=_("Why it could not be taken in."))

    class Meta:
        verbose_name = _("raw payload")
        verbose_name_plural = _("raw payloads")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.channel} {self.received_at:%Y-%m-%d %H:%M}"


class Tag(models.Model):
    """A word agents put on cases to find them again ("facturación", "cliente-vip"): one list
    per policy (the vendor's), shared by its agents, offered as they type (`tickets/tags.py`)."""

    policy = models.ForeignKey(
        "policy.Policy", on_delete=models.CASCADE, related_name="tags", verbose_name=_("policy")
    )
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["policy", "name"]
        constraints = [models.UniqueConstraint(fields=["policy", "name"], name="tag_unique_name")]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """A client's request for support: the unit every SLA clock, entitlement and reply hangs on."""

    class Intake(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARKED = "parked", _("parked")
        REFUSED = "refused", _("refused")

    Channel = Channel
    Status = Status

    number = models.CharField(
        _("number"), max_length=32, help_text=_("Prefix, year and sequence, e.g. TQ-2026-000123.")
    )
    number_prefix = models.CharField(_("number prefix"), max_length=8, default=DEFAULT_CASE_PREFIX)
    policy = models.ForeignKey(
        "policy.Policy", on_delete=models.PROTECT, related_name="cases", verbose_name=_("policy")
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("organization"),
    )
    requester = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("requester"),
    )
    # as the requester gave them (the contact may not exist yet, or differ)
    requester_name = models.CharField(_("requester's name"), max_length=200, blank=True)
    requester_email = models.EmailField(_("requester's email"), blank=True)
    requester_phone = models.CharField(_("requester's phone"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=8, default="es")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    channel_justification = models.TextField(_("why another channel"), blank=True)
    case_type = models.CharField(_("case type"), max_length=50, blank=True)
    severity = models.CharField(_("severity"), max_length=8, blank=True)
    priority = models.CharField(_("priority"), max_length=8, blank=True)
    category = models.CharField(_("scope category"), max_length=50, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    fields = models.JSONField(_("fields"), default=dict, blank=True)
    prerequisites_done = models.JSONField(_("prerequisites done"), default=list, blank=True)
    flags = models.JSONField(
        _("flags"), default=list, blank=True, help_text=_("Warnings from intake for the agent.")
    )
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.NEW
    )
    intake = models.CharField(_("intake"), max_length=8, choices=Intake.choices, blank=True)
    intake_reason = models.CharField(_("intake reason"), max_length=50, blank=True)
    intake_message = models.TextField(_("message to the requester"), blank=True)
    raw = models.ForeignKey(
        RawPayload,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("raw payload"),
    )
    consumption = models.OneToOneField(
        "contracts.Consumption",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("entitlement consumed"),
    )
    team = models.ForeignKey(
        "directory.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("team"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assignee"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent case"),
    )
    split_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="splits",
        verbose_name=_("split from"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    urgency_notified_at = models.DateTimeField(
        _("urgency notice received"),
        null=True,
        blank=True,
        help_text=_("When an agent recorded the phone or chat notice of an urgency."),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="cases", verbose_name=_("tags"))
    fix_due_on = models.DateField(_("committed fix date"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    # The queue's order, stored so a page is one indexed query (desk/queue.py): the severity's
    # rank (an urgency first, seed 002), the plan's rank (subscription before contractual) and
    # the earliest due time of its clocks.
    plan_rank = models.PositiveSmallIntegerField(_("plan rank"), default=32767)
    severity_rank = models.PositiveSmallIntegerField(_("severity rank"), default=32767)
    sla_due_at = models.DateTimeField(_("next SLA deadline"), null=True, blank=True)
    # the earliest warning time of its running clocks: past it, the case is at risk (the queue)
    sla_warn_at = models.DateTimeField(_("next SLA warning"), null=True, blank=True)
    sla_breached = models.BooleanField(_("SLA breached"), default=False)
    # set by change_status on entering "waiting on client", cleared on leaving (auto-close)
    waiting_since = models.DateTimeField(_("waiting on the client since"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # when the client sent it (an email's Date, a WhatsApp timestamp, the start of a call): the
    # intake's rules, and its re-runs after a park, judge the case by this moment
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        constraints = [
            # per policy: two policies in one installation may share a prefix
            models.UniqueConstraint(fields=["policy", "number"], name="case_number_unique")
        ]
        indexes = [
            models.Index(fields=["number"]),
            models.Index(fields=["organization", "status"]),
            # an organization's cases newest first (the API's and the portal's lists)
            models.Index(fields=["organization", "id"], name="case_by_organization"),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["assignee", "status"]),
            # the agents' queue: cases being worked on, in the policy's order (keyset paging)
            models.Index(
                fields=["severity_rank", "plan_rank", "sla_due_at", "id"],
                name="case_queue_order",
                condition=models.Q(status__in=QUEUE_STATUSES),
            ),
            # the queue's tab counts, read from the index alone (desk.queue_tabs.tab_counts)
            models.Index(
                fields=["status", "assignee", "sla_breached"],
                name="case_tab_counts",
                condition=models.Q(status__in=(*QUEUE_STATUSES, Status.WAITING_ON_CLIENT)),
            ),
            # the queue's "waiting on the client" filter, in the same order
            models.Index(
                fields=["severity_rank", "plan_rank", "sla_due_at", "id"],
                name="case_waiting_order",
                condition=models.Q(status=Status.WAITING_ON_CLIENT),
            ),
            # the dashboards: open cases by severity and age, and each agent's load
            models.Index(
                fields=["policy", "severity_rank", "severity", "created_at"],
                name="case_open_age",
                condition=models.Q(status__in=UNFINISHED),
            ),
            models.Index(
                fields=["policy", "assignee", "sla_breached"],
                name="case_open_load",
                condition=models.Q(status__in=UNFINISHED),
            ),
            # a policy's cases of a period (SLA reports, the month's compliance)
            models.Index(fields=["policy", "created_at", "id"], name="case_policy_created"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def case_type_name(self) -> str:
        """The case's type as its policy names it ("Urgencia"), else its key; "" for none."""
        from .catalogue import catalogue  # the catalogue reads these models

        case_type = catalogue(self.policy_id).case_types.get(self.case_type)
        return case_type.name if case_type is not None else self.case_type

    @property
    def severity_name(self) -> str:
        """The case's severity as its policy names it ("Urgencia"), else its code."""
        from .catalogue import catalogue

        severity = catalogue(self.policy_id).severities.get(self.severity)
        return severity.name if severity is not None else self.severity

    @property
    def category_name(self) -> str:
        """The case's scope category as its policy names it ("Capacitación"), else its key."""
        from .catalogue import catalogue

        names = {c.key: c.name for c in catalogue(self.policy_id).scope}
        return names.get(self.category, self.category)


class IntakeCheck(models.Model):
    """What one intake rule said of a case: the trail of why it was accepted, parked or refused."""

    class Outcome(models.TextChoices):
        PASS = "pass", _("passed")
        FLAG = "flag", _("flagged")
        PARK = "park", _("parked")
        REJECT = "reject", _("refused")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="intake_checks")
    position = models.PositiveSmallIntegerField(_("position"))
    rule = models.CharField(_("rule"), max_length=32)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    code = models.CharField(_("reason code"), max_length=50, blank=True)
    message = models.TextField(_("message"), blank=True)
    checked_at = models.DateTimeField(_("checked"), auto_now_add=True)

    class Meta:
        verbose_name = _("intake check")
        verbose_name_plural = _("intake checks")
        ordering = ["case", "checked_at", "position"]

    def __str__(self) -> str:
        return f"{self.case} {self.rule}: {self.outcome}"


# --- articles and attachments ------------------------------------------------------------------
class Article(models.Model):
    """A public reply, an internal note or a system event on a case."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("public reply")
        NOTE = "note", _("internal note")
        EVENT = "event", _("system event")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="articles")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    author_contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author (client)"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True)
    body_html = models.TextField(_("body (sanitised HTML)"), blank=True)
    body_text = models.TextField(_("body (text)"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["case", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.pk}"

    @property
    def is_public(self) -> bool:
        return self.kind == self.Kind.REPLY


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A generated name: never the client's, so no path or name tricks reach the storage."""
    return f"attachments/{instance.case_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file on a case, stored under a generated name and served only through a checked view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("name"), max_length=150, help_text=_("As uploaded, made safe."))
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["case", "created_at", "pk"]

    def __str__(self) -> str:
        return self.name


# --- lifecycle records -------------------------------------------------------------------------
class ModalityStep(models.Model):
    """One rung of the support-modality ladder used on a case (written, call, remote, on-site)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="modality_steps")
    modality = models.CharField(_("modality"), max_length=16)
    tool = models.CharField(_("tool"), max_length=50, blank=True)
    session_id = models.CharField(_("session id"), max_length=100, blank=True)
    skip_reason = models.TextField(_("why a step was skipped"), blank=True)
    note = models.TextField(_("note"), blank=True)
    charge = models.ForeignKey(
        "billing.Charge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("charge"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("modality step")
        verbose_name_plural = _("modality steps")
        ordering = ["case", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.modality}"


class ContactAttempt(models.Model):
    """An attempt to reach the requester, by phone or in writing, and how it went."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("reached")
        NO_ANSWER = "no_answer", _("no answer")
        LEFT_MESSAGE = "left_message", _("left a message")
        WRONG_NUMBER = "wrong_number", _("wrong number")
        BOUNCED = "bounced", _("message bounced")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_attempts")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["case", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.channel} {self.outcome}"

    @property
    def failed(self) -> bool:
        return self.outcome != self.Outcome.REACHED


class FeatureStudy(models.Model):
    """The study of a feature request: a custom-development quote, the roadmap, or a refusal."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("being studied")
        CUSTOM = "custom", _("custom development, quoted")
        ROADMAP = "roadmap", _("on the roadmap")
        REJECTED = "rejected", _("not viable")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="study")
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    quote_amount = models.DecimalField(
        _("quoted amount before discount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    quote_discount = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    quote_net = models.DecimalField(
        _("quoted amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    release = models.CharField(_("release"), max_length=50, blank=True)
    release_notified_at = models.DateTimeField(_("release notified"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("feature study")
        verbose_name_plural = _("feature studies")

    def __str__(self) -> str:
        return f"{self.case} {self.decision}"


class IntakeKey(models.Model):
    """The idempotency key a case was submitted with (an API client's `Idempotency-Key`, the
    portal form's one-time token): stored in the intake's own transaction, unique per owner, so
    a retry — even after a crash between the commit and the answer — finds the case instead of
    making a second one."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    key = models.CharField(_("key"), max_length=255)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="intake_keys", verbose_name=_("case")
    )
    fingerprint = models.CharField(
        _("fingerprint"), max_length=64, blank=True, help_text=_("SHA-256 of the request body.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("intake key")
        verbose_name_plural = _("intake keys")
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="tickets_intakekey_owner_key")
        ]

    def __str__(self) -> str:
        return self.key
