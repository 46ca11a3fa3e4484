"""An email case is judged by when the client sent it (its Date header) — seed 000 bills work
asked for out of hours per event — unless that Date cannot be when the client wrote."""

import datetime as dt
from zoneinfo import ZoneInfo

from tiquetera.channels.email.parsing import parse
from tiquetera.channels.email.services import sent_or_received

BOGOTA = ZoneInfo("America/Bogota")
READ = dt.datetime(2026, 7, 15, 8, 5, tzinfo=BOGOTA)  # the mailbox read the next morning


def email_dated(date: str) -> bytes:
    return (
        f"From: Ana <ana@hotel.co>\r\nTo: soporte@isys.test\r\nSubject: No imprime\r\n"
        f"Message-ID: <m1@hotel.co>\r\nDate: {date}\r\n\r\nError E-501.\r\n"
    ).encode()


def test_the_date_header_is_when_the_client_wrote():
    parsed = parse(email_dated("Tue, 14 Jul 2026 19:00:00 -0500"))
    assert parsed.sent_at == dt.datetime(2026, 7, 14, 19, 0, tzinfo=BOGOTA)
    assert sent_or_received(parsed.sent_at, READ) == parsed.sent_at


def test_an_implausible_or_missing_date_gives_way_to_the_reception():
    future = dt.datetime(2026, 7, 16, 9, 0, tzinfo=BOGOTA)
    ancient = dt.datetime(2026, 6, 1, 9, 0, tzinfo=BOGOTA)
    assert sent_or_received(future, READ) == READ
    assert sent_or_received(ancient, READ) == READ
    assert sent_or_received(None, READ) == READ
    assert parse(email_dated("next tuesday, probably")).sent_at is None
    a_bit_ahead = READ + dt.timedelta(minutes=3)  # the sender's clock runs fast: not later
    assert sent_or_received(a_bit_ahead, READ) == READ
