"""The IMAP mailboxes the channel reads, from `settings.IMAP_URLS` (the environment):
`imap://user:password@host:port/INBOX` (plain, for a server on the same machine),
`imap+starttls://…` (port 143, upgraded to TLS) or `imaps://…` (TLS, port 993 by default).
Percent-encode "@", ":", "/" and "," in the user and password ("%40", "%3A", "%2F", "%2C").
`?authserv_id=mx.isys.co` (repeatable) names the receiving servers whose Authentication-Results
this mailbox trusts, instead of `settings.EMAIL_TRUSTED_AUTHSERV_IDS` (authentication.py)."""

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings

SECURITY = {"imap": "plain", "imap+starttls": "starttls", "imaps": "tls"}
DEFAULT_PORTS = {"plain": 143, "starttls": 143, "tls": 993}


class MailboxUrlError(ValueError):
    """An IMAP URL that cannot be used; the message names the problem, never the password."""


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    security: str = "tls"
    # the authserv-ids whose Authentication-Results are read; () for the settings' ones
    authserv_ids: tuple[str, ...] = ()

    @classmethod
    def from_url(cls, url: str) -> "Mailbox":
        parts = urlsplit(url.strip())
        security = SECURITY.get(parts.scheme.lower())
        if security is None:
            raise MailboxUrlError(
                f"unknown scheme {parts.scheme!r}: use imap, imap+starttls or imaps"
            )
        if not parts.hostname or not parts.username:
            raise MailboxUrlError(f"an IMAP URL needs a user and a host ({parts.scheme}://…)")
        try:
            port = parts.port or DEFAULT_PORTS[security]
        except ValueError:
            raise MailboxUrlError(f"bad port in the IMAP URL for {parts.hostname}") from None
        return cls(
            host=parts.hostname,
            port=port,
            user=unquote(parts.username),
            password=unquote(parts.password or ""),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
            security=security,
            authserv_ids=tuple(
                value.strip()
                for values in parse_qs(parts.query).get("authserv_id", [])
                for value in values.split(",")
                if value.strip()
            ),
        )

    @property
    def label(self) -> str:
        """How the admin shows it: user, server and folder, without the password."""
        return f"{self.user} {self.host}:{self.port}/{self.folder}"

    @property
    def trusted_authserv_ids(self) -> tuple[str, ...]:
        return self.authserv_ids or tuple(settings.EMAIL_TRUSTED_AUTHSERV_IDS)


def configured_mailboxes() -> list[Mailbox]:
    return [Mailbox.from_url(url) for url in settings.IMAP_URLS]


def trusted_authserv_ids(label: str) -> tuple[str, ...]:
    """The authserv-ids trusted for the mailbox an email was read from (by its label): its own,
    or the settings' (also for an email read by `mail fetch --url` or stored otherwise)."""
    for mailbox in configured_mailboxes():
        if mailbox.label == label and mailbox.authserv_ids:
            return mailbox.authserv_ids
    return tuple(settings.EMAIL_TRUSTED_AUTHSERV_IDS)
