"""django-allauth adapter: invitations carry their organisation through sign-up."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        pending = request.session.pop("kizuna_invitation", None)
        if pending:
            from django.urls import reverse

            return reverse("core:accept_invitation", kwargs={"token": pending})
        return super().get_login_redirect_url(request)
