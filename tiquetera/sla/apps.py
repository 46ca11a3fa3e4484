from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "tiquetera.sla"
    label = "sla"
    verbose_name = _("Service levels (ANS)")

    def ready(self) -> None:
        from tiquetera.policy.cache import watch

        from .models import AgentShift, AssignmentRule, OnCall, SlaSettings, SlaTarget

        watch(SlaTarget, SlaSettings, AssignmentRule, AgentShift, OnCall)
