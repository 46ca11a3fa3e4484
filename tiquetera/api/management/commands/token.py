"""`tiquetera token create USERNAME --name NAME` prints a new API token (once);
`tiquetera token list [USERNAME]` lists tokens without their secret;
`tiquetera token revoke PREFIX` revokes one. Run by whoever administers the installation."""

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiquetera.api.models import ApiToken
from tiquetera.api.tokens import TokenError, issue_token, revoke_token


class Command(BaseCommand):
    help = "Issue, list and revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create")
        create.add_argument("username")
        create.add_argument("--name", required=True)
        listing = actions.add_parser("list")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"no user {options['username']!r}")
            try:
                _, token = issue_token(user, name=options["name"], actor=user)
            except TokenError as error:
                raise CommandError(error.message) from None
            self.stdout.write(token)
        elif action == "list":
            rows = ApiToken.objects.select_related("user")
            if options["username"]:
                rows = rows.filter(user__username=options["username"])
            for row in rows:
                state = "revoked" if row.revoked_at else "active"
                self.stdout.write(f"{row.prefix}…\t{row.user.username}\t{row.name}\t{state}")
        else:
            found = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if found is None:
                raise CommandError(f"no token {options['prefix']!r}")
            revoke_token(found, actor=found.user)
            self.stdout.write(f"revoked {found.prefix}…")
