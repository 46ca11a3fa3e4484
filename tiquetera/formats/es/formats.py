"""Spanish as Colombia writes it (es-CO, our default): "1.500,00" (a dot between thousands, not
Spain's space), "8 de diciembre de 2026". Django reads this module before its own "es" one
(`FORMAT_MODULE_PATH`), so every page, email and CSV in Spanish shares one style."""

from django.conf.locale.es_CO.formats import *  # noqa: F403
