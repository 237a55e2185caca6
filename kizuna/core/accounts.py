"""django-allauth adapter: invitations carry their organisation through sign-up; account changes are logged.

A person signing up, setting, changing or resetting their password is written by allauth; each leaves its
audit entry here (the password itself is masked), so that the account's history is as complete as any other
record's.
"""

from allauth.account import signals
from allauth.account.adapter import DefaultAccountAdapter
from django.dispatch import receiver
from django.urls import reverse

from .audit import log_action


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        pending = request.session.pop("kizuna_invitation", None)
        if pending:
            return reverse("core:accept_invitation", kwargs={"token": pending})
        return super().get_login_redirect_url(request)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            log_action(user, "core.user.sign_up", by=user, kind=0,
                       changes={"email": [None, user.email], "password": [None, "********"]})
        return user


def _password_logger(action: str):
    def receive(sender, request=None, user=None, **kwargs):
        if user is not None:
            log_action(user, action, by=user, changes={"password": ["********", "********"]})

    return receive


_set = receiver(signals.password_set, dispatch_uid="kizuna-password-set")(_password_logger("core.user.set_password"))
_changed = receiver(signals.password_changed, dispatch_uid="kizuna-password-changed")(
    _password_logger("core.user.change_password"))
_reset = receiver(signals.password_reset, dispatch_uid="kizuna-password-reset")(
    _password_logger("core.user.reset_password"))
