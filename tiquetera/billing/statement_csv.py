"""A monthly statement as CSV for a spreadsheet.

Written for Excel in Spanish, the clients' and vendors' usual tool: UTF-8 with a byte-order mark
(without it Excel reads UTF-8 as ANSI and breaks "Atención"), `;` between fields and `,` as the
decimal mark with no thousands separator — what Excel expects where the decimal mark is the
comma, so amounts open as numbers. Rows: a header, one row per live charge, then one total row
per currency (kind column "total").
"""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from .selectors import Statement

BOM = "\ufeff"
DELIMITER = ";"


def decimal_comma(value: Decimal) -> str:
    return str(value).replace(".", ",")


def statement_csv(statement: Statement) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(
        [
            _("Date"),
            _("Kind"),
            _("Description"),
            _("Quantity"),
            _("Unit price"),
            _("Currency"),
            _("Gross"),
            _("Discounts applied"),
            _("Discount"),
            _("Net"),
        ]
    )
    for line in statement.charges:
        charge = line.charge
        shown = " + ".join(
            f"{d.label} {decimal_comma(d.percent)} % = {decimal_comma(d.amount)}"
            for d in line.discounts
        )
        writer.writerow(
            [
                charge.occurred_on.isoformat(),
                charge.get_kind_display(),
                charge.description,
                decimal_comma(charge.quantity),
                decimal_comma(charge.unit_price),
                charge.currency,
                decimal_comma(charge.gross),
                shown,
                decimal_comma(line.discount_total),
                decimal_comma(charge.net),
            ]
        )
    for totals in statement.totals:
        writer.writerow(
            [
                statement.label,
                _("total"),
                "",
                "",
                "",
                totals.currency,
                decimal_comma(totals.gross),
                "",
                decimal_comma(totals.discounts),
                decimal_comma(totals.net),
            ]
        )
    return out.getvalue()
