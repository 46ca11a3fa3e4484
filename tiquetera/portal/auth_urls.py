"""Password reset by email for portal users (per-contact accounts), and the invitation link a
new portal user chooses a first password with (`directory.services.invite_contact`), with
Django's views.

Included by the project at "accounts/" (beside login and logout), so the names are Django's
own — `password_reset`, `password_reset_done`, `password_reset_confirm`,
`password_reset_complete` — without a namespace. The templates carry the `portal_` prefix
because `django.contrib.admin`, listed first in INSTALLED_APPS, ships its own
`registration/password_reset_*.html`, which would win over ours. The email itself goes
through the outbox like every other (`notifications/password_reset/`), sent by the worker.
"""

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.db.models import Q
from django.urls import path, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _

from tiquetera.directory.services.invitations import invitation_tokens
from tiquetera.notifications.services import queue_email


class ContactPasswordResetForm(PasswordResetForm):
    """Finds the account by the user's email or by its active contact's email: a portal login
    is often made without an email of its own, the contact's being the one on record."""

    def get_users(self, email: str) -> Iterator[Any]:
        """Every active account with this address. A portal user who never chose a password
        (an invitation unused or expired) gets the link too; any other account needs a usable
        password (Django's rule). The page says the same whether or not one was found."""
        users = get_user_model()._default_manager.filter(
            Q(email__iexact=email) | Q(contact__email__iexact=email, contact__is_active=True),
            is_active=True,
        )
        return (
            user
            for user in users.select_related("contact").distinct()
            if user.has_usable_password() or _is_portal_user(user)
        )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Queued in the outbox (the "password_reset" email), never sent inside the request: an
        answer that took an SMTP exchange longer would tell who has an account. To the account's
        own email, else to its contact's (the address on record, never merely the one typed)."""
        if not to_email:
            to_email = context["user"].contact.email
            context["email"] = to_email
        queue_email(
            "password_reset",
            to=to_email,
            context=context,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )


def _is_portal_user(user: Any) -> bool:
    contact = getattr(user, "contact", None)
    return contact is not None and contact.is_active


class AcceptInvitation(auth_views.PasswordResetConfirmView):
    """The invitation's link: the new portal user chooses a password and is in — signed in and
    on their organization's portal, welcomed — not sent to sign in again with what they just
    typed."""

    token_generator = invitation_tokens
    template_name = "registration/portal_invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"  # not axes' check
    success_url = reverse_lazy("portal:home")

    def form_valid(self, form: Any) -> Any:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is saved. Welcome to the support portal."))
        return response


urlpatterns = [
    path("invitation/<uidb64>/<token>/", AcceptInvitation.as_view(), name="portal_invitation"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=ContactPasswordResetForm,
            template_name="registration/portal_password_reset_form.html",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/portal_password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/portal_password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/portal_password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
