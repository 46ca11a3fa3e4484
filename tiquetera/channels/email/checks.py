"""System checks of the email channel (`tiquetera check --deploy`)."""

from typing import Any

from django.core import checks

from .mailboxes import MailboxUrlError, configured_mailboxes


@checks.register(checks.Tags.security, deploy=True)
def mailboxes_check_senders(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A mailbox whose receiving server is not named takes every From header at its word: anyone
    can write as a client, reply on its cases and use up its plan (docs/email.md)."""
    try:
        unchecked = [m.label for m in configured_mailboxes() if not m.trusted_authserv_ids]
    except MailboxUrlError:
        return []  # the fetch task reports a bad URL in words; nothing to add here
    if not unchecked:
        return []
    return [
        checks.Warning(
            f"Senders of the email read from {', '.join(unchecked)} are not checked: anyone can "
            "write in a client's name.",
            hint="Set EMAIL_TRUSTED_AUTHSERV_IDS to the receiving mail server's authserv-id "
            "(docs/email.md, 'Is the sender who the From says?').",
            id="tiquetera.W002",
        )
    ]
