"""Spanish as Colombia writes it (es-CO, our default): "1.500,00" (a dot between thousands, not
Spain's space). Django reads this module before its own "es" one (`FORMAT_MODULE_PATH`), so every
page, email and CSV in Spanish shares one style.

A date or a moment with no format of its own — a column of the configuration (Django's admin),
a bare `{{ value }}` — reads short, as our lists do: "7 dic 2026", "7 dic 2026 14:05"
(`core/dates.py` keeps the long style for sentences: "lunes 7 de diciembre de 2026")."""

from django.conf.locale.es_CO.formats import *  # noqa: F403

DATE_FORMAT = "j b Y"
DATETIME_FORMAT = "j b Y H:i"
