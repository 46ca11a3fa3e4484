from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhatsappConfig(AppConfig):
    name = "tiquetera.channels.whatsapp"
    label = "whatsapp"
    verbose_name = _("WhatsApp channel")

    def ready(self) -> None:
        from tiquetera.tickets.signals import agent_reply_written

        from .services.outbound import send_agent_reply

        def send(sender: object, article: object, **kwargs: object) -> None:
            send_agent_reply(article)  # type: ignore[arg-type]

        agent_reply_written.connect(send, weak=False, dispatch_uid="whatsapp-agent-reply")
