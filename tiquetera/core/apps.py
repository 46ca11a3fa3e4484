from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True  # the module holds LockoutConfig too
    name = "tiquetera.core"
    verbose_name = _("General")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)


class LockoutConfig(AxesConfig):
    """django-axes (sign-in lockout) under a Spanish name in the configuration; its other words
    are translated through `axes_words`."""

    verbose_name = _("Sign-in lockout")

    def ready(self) -> None:
        super().ready()
        from .axes_words import name_the_records

        name_the_records()
