"""Django's admin messages, said again in whole Spanish sentences.

Django's Spanish says "El {name} “{obj}” fue agregado correctamente." for every model, which
reads "El organización … fue agregado" for a feminine one. The msgids below are Django's own
(`django/contrib/admin/options.py`, `actions.py`); naming them here keeps them in our catalogue,
which `LOCALE_PATHS` puts before Django's, with translations that need no article or gender
("Se agregó correctamente: organización “Hotel Andino”.").
"""

from django.utils.translation import gettext_noop, ngettext

ADMIN_MESSAGES = [
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
]


def changed_in_bulk(count: int) -> str:
    """The list page's "saved" message (only here so that its msgids stay in the catalogue)."""
    return ngettext(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        count,
    )
