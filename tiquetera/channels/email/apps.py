from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "tiquetera.channels.email"
    label = "mail"
    verbose_name = _("Email channel")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the mailbox checks)
