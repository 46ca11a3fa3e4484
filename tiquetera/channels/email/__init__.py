"""Email in (IMAP) and out (SMTP)."""
