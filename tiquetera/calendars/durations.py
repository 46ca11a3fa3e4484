"""Business durations as people write them: "90", "90m", "24h", "1h30m"."""

import re

from django.utils.translation import gettext as _

_DURATION = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m?)?$")


class DurationError(ValueError):
    """Not a duration; the message says how to write one."""


def parse_minutes(text: str) -> int:
    """'90', '90m', '24h' or '1h30m' -> whole minutes."""
    match = _DURATION.match(text.strip().lower())
    if not text.strip() or match is None:
        raise DurationError(
            _("“%(value)s” is not a duration: write minutes (90) or hours (24h, 1h30m).")
            % {"value": text}
        )
    return int(match["h"] or 0) * 60 + int(match["m"] or 0)
