"""A client's reply keeps only what they wrote: the quote headers of Gmail, Outlook and Apple
Mail, in Spanish and English, start the history that is cut away (NOTES.md: a parser library
missed Gmail's Spanish header, so each form is tested here)."""

import pytest

from tiquetera.channels.email.parsing import strip_quoted

NEW = "Ya reinicié el servidor y sigue fallando.\n\nGracias,\nAna"
HISTORY = "> Hola Ana:\n> ¿Podría reiniciar el servidor?\n"


@pytest.mark.parametrize(
    "header",
    [
        # Gmail, Spanish, on one line and wrapped
        "El lun, 3 mar 2026 a las 10:00, Soporte ISYS <soporte@isys.test> escribió:",
        "El lun, 3 mar 2026 a las 10:00, Soporte ISYS <\nsoporte@isys.test> escribió:",
        # Apple Mail, Spanish
        "El 3 mar 2026, a las 10:00, Soporte ISYS <soporte@isys.test> escribió:",
        # Gmail, English, on one line and wrapped
        "On Mon, Mar 3, 2026 at 10:00 AM Soporte ISYS <soporte@isys.test> wrote:",
        "On Mon, Mar 3, 2026 at 10:00 AM Soporte ISYS <soporte@isys.test>\nwrote:",
        "-----Mensaje original-----\nDe: Soporte ISYS [mailto:soporte@isys.test]",
        "-----Original Message-----\nFrom: Soporte ISYS [mailto:soporte@isys.test]",
        # Outlook, Spanish and English, with its separator line
        "________________________________\nDe: Soporte ISYS <soporte@isys.test>\n"
        "Enviado: lunes, 3 de marzo de 2026 10:00\nPara: Ana Pérez\nAsunto: RE: [ISYS-2026-000001]",
        "________________________________\nFrom: Soporte ISYS <soporte@isys.test>\n"
        "Sent: Monday, March 3, 2026 10:00 AM\nTo: Ana Pérez\nSubject: RE: [ISYS-2026-000001]",
        "*De:* Soporte ISYS <soporte@isys.test>\n*Enviado:* lunes, 3 de marzo de 2026 10:00",
    ],
)
def test_the_quoted_history_below_a_quote_header_is_cut(header):
    assert strip_quoted(f"{NEW}\n\n{header}\n{HISTORY}") == NEW


def test_a_trailing_quote_without_header_is_cut():
    assert strip_quoted(f"{NEW}\n\n{HISTORY}") == NEW


def test_the_client_text_that_mentions_a_sender_is_kept():
    text = "De: mi jefe, el informe.\nEl lunes 3 escribo otra vez.\nOn time, thanks."
    assert strip_quoted(text) == text


def test_a_reply_with_nothing_above_the_quote_keeps_the_whole_text():
    text = "On Mon, Mar 3, 2026 at 10:00 AM Soporte wrote:\n> Hola"
    assert strip_quoted(text) == text
