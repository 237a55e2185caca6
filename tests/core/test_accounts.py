"""Accounts through django-allauth: email login, verification, password reset, MFA for CLAIR staff, lock-out."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from kizuna.core.mfa import current_code, totp_secret
from kizuna.core.models import User
from tests.factories import PASSWORD, UserFactory, add_totp


def _login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def _current_code(secret: str) -> str:
    return current_code(secret)[0]


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://[^\s]+", body).group(0)


def test_login_with_email_and_password_lands_on_home(world):
    client = Client()
    response = _login(client, "municipality_staff@example.jp")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/").context["user"] == world.people["municipality_staff"]


def test_login_with_wrong_password_is_refused(world):
    response = _login(Client(), "municipality_staff@example.jp", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_signup_requires_email_verification_through_real_smtp(db, smtp_server, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", {
            "email": "Newcomer@Example.jp", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"})
    assert response.status_code == 302
    assert "/accounts/confirm-email/" in response["Location"]
    assert [m["to"] for m in smtp_server.messages] == [["newcomer@example.jp"]]
    assert EmailAddress.objects.get(email="newcomer@example.jp").verified is False
    confirm = client.post(_link(smtp_server.messages[0]["message"]).replace("http://testserver", ""))
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(email="newcomer@example.jp").verified is True


def test_login_of_unverified_account_is_held_at_verification(db):
    user = User.objects.create_user("unverified@example.jp", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = _login(Client(), user.email)
    assert response["Location"] == "/accounts/confirm-email/"


def test_password_reset_mail_link_sets_a_new_password(world, smtp_server, django_capture_on_commit_callbacks):
    client = Client()
    client.post("/accounts/password/reset/", {"email": "municipality_staff@example.jp"})
    assert len(smtp_server.messages) == 1
    link = _link(smtp_server.messages[0]["message"]).replace("http://testserver", "")
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(action, {"password1": "brand-new-passphrase-7", "password2": "brand-new-passphrase-7"})
    assert done.status_code == 302
    assert _login(Client(), "municipality_staff@example.jp", "brand-new-passphrase-7").status_code == 302


def test_clair_staff_without_mfa_is_sent_to_set_it_up(world):
    staff = UserFactory(email="no-mfa@example.jp")
    from kizuna.core.models import Membership

    Membership.objects.create(person=staff, organisation=world.hq, role="staff")
    client = Client()
    client.force_login(staff)
    response = client.get("/organisations/")
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/2fa/totp/activate/")


def test_municipality_staff_without_mfa_is_not_forced(world):
    response = world.client_for("municipality_staff").get("/organisations/")
    assert response.status_code == 200


def test_clair_staff_login_asks_for_totp_and_accepts_a_valid_code(world):
    staff = UserFactory(email="staff-totp@example.jp")
    from kizuna.core.models import Membership

    Membership.objects.create(person=staff, organisation=world.hq, role="staff")
    secret = add_totp(staff)
    client = Client()
    first = _login(client, staff.email)
    assert first["Location"] == "/accounts/2fa/authenticate/"
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    right = client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert (right.status_code, right["Location"]) == (302, "/")


def test_totp_code_used_a_moment_ago_is_refused_saying_so(world):
    staff = UserFactory(email="staff-reuse@example.jp")
    from kizuna.core.models import Membership

    Membership.objects.create(person=staff, organisation=world.hq, role="staff")
    secret = add_totp(staff)
    code = _current_code(secret)
    first = Client()
    _login(first, staff.email)
    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    again = Client(headers={"accept-language": "en"})
    _login(again, staff.email)
    refused = again.post("/accounts/2fa/authenticate/", {"code": code})
    assert (refused.status_code, "it was just used" in refused.content.decode()) == (200, True)


def test_repeated_failed_logins_lock_the_account(world, settings):
    client = Client()
    for _ in range(settings.ACCOUNT_LOGIN_FAILED_LOCKOUT):
        _login(client, "municipality_admin@example.jp", "wrong-password")
    fresh = Client(headers={"accept-language": "en"})
    locked = _login(fresh, "municipality_admin@example.jp")
    assert (locked.status_code, "_auth_user_id" in fresh.session) == (200, False)
    assert locked.context["form"].non_field_errors() == ["Too many failed login attempts. Try again later."]


def test_failed_logins_below_the_limit_do_not_lock(world, settings):
    client = Client()
    for _ in range(settings.ACCOUNT_LOGIN_FAILED_LOCKOUT - 1):
        _login(client, "municipality_admin@example.jp", "wrong-password")
    assert _login(Client(), "municipality_admin@example.jp").status_code == 302


@pytest.mark.parametrize("language", ["ja", "en"])
def test_login_page_is_in_the_chosen_language(db, language):
    client = Client(headers={"accept-language": language})
    response = client.get("/accounts/login/")
    assert response.context["LANGUAGE_CODE"] == language


def test_clair_staff_without_mfa_cannot_use_the_api_through_the_session(world):
    staff = UserFactory(email="no-mfa-api@example.jp")
    from kizuna.core.models import Membership

    Membership.objects.create(person=staff, organisation=world.hq, role="staff")
    client = Client()
    client.force_login(staff)
    assert client.get("/api/v1/organisations").status_code == 403


def test_admin_login_goes_through_allauth_and_its_mfa(world):
    response = Client().get("/admin/login/?next=/admin/")
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


def test_totp_secret_is_stored_encrypted(world):
    from allauth.mfa.models import Authenticator

    staff = UserFactory(email="enc@example.jp")
    secret = add_totp(staff)
    authenticator = Authenticator.objects.get(user=staff, type="totp")
    stored = authenticator.data["secret"]
    assert (stored.startswith("fernet:"), secret in stored, totp_secret(authenticator)) == (True, False, secret)


def _staff_without_mfa(world, email="no-mfa-token@example.jp"):
    from kizuna.core.models import Membership

    staff = UserFactory(email=email)
    Membership.objects.create(person=staff, organisation=world.hq, role="staff")
    return staff


def test_clair_staff_session_without_mfa_with_a_junk_token_cannot_read_the_api(world):
    client = Client(headers={"accept-language": "en"})
    client.force_login(_staff_without_mfa(world))
    response = client.get("/api/v1/plan/years", headers={"authorization": "Bearer junk"})
    assert (response.status_code, response.json()) == (401, {"detail": "Log in or send a valid API token."})


def test_clair_staff_session_without_mfa_with_a_junk_token_cannot_write_through_the_api(world):
    from tests.events.factories import EventFactory

    event = EventFactory(organiser=world.hq)
    client = Client(headers={"accept-language": "en"})
    client.force_login(_staff_without_mfa(world))
    response = client.post(f"/api/v1/events/events/{event.pk}/check-in", {"code": "ABC"},
                           content_type="application/json", headers={"authorization": "Basic junk"})
    assert (response.status_code, response.json()) == (401, {"detail": "Log in or send a valid API token."})


@pytest.mark.parametrize(("language", "message"), [
    ("en", "CLAIR staff must set up two-factor authentication first."),
    ("ja", "クレアの職員は、先に二要素認証を設定してください。"),
])
def test_api_token_of_clair_staff_without_mfa_is_refused(world, language, message):
    from tests.factories import make_token

    staff = _staff_without_mfa(world)
    _record, token = make_token(staff)
    response = Client().get("/api/v1/plan/years", headers={"authorization": f"Bearer {token}",
                                                          "accept-language": language})
    assert (response.status_code, response.json()) == (403, {"detail": message})


def test_api_token_made_before_its_owner_became_clair_staff_is_refused_without_mfa(world):
    from kizuna.core.models import Membership
    from tests.factories import make_token

    person = UserFactory(email="later-staff@example.jp")
    _record, token = make_token(person)
    Membership.objects.create(person=person, organisation=world.tokyo_branch, role="staff")
    response = Client().get("/api/v1/plan/years", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_api_token_of_clair_staff_with_mfa_works(world):
    from tests.factories import make_token

    staff = _staff_without_mfa(world)
    add_totp(staff)
    _record, token = make_token(staff)
    response = Client().get("/api/v1/plan/years", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200


def _fail_logins(client_ip: str, times: int):
    """`times` failed logins, each for another (unknown) address so that no account is locked, from a client
    whose address the load balancer (REMOTE_ADDR 10.0.0.2) forwards."""
    client = Client(REMOTE_ADDR="10.0.0.2", headers={"x-forwarded-for": client_ip})
    for n in range(times):
        _login(client, f"nobody{n}@example.jp", "wrong-password")


def _login_from(client_ip: str):
    client = Client(REMOTE_ADDR="10.0.0.2", headers={"x-forwarded-for": client_ip, "accept-language": "en"})
    return _login(client, "municipality_staff@example.jp")


def test_login_rate_limit_behind_the_load_balancer_counts_each_client(world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _fail_logins("203.0.113.1", 20)
    other, same = _login_from("203.0.113.2"), _login_from("203.0.113.1")
    assert (other.status_code, same.status_code) == (302, 200)
    assert same.context["form"].non_field_errors() == ["Too many failed login attempts. Try again later."]


def test_login_rate_limit_without_a_trusted_proxy_ignores_a_forged_forwarded_address(world):
    _fail_logins("203.0.113.1", 20)
    response = _login_from("203.0.113.2")
    assert (response.status_code, response.context["form"].non_field_errors()) == (
        200, ["Too many failed login attempts. Try again later."])


def test_trusted_proxies_are_configured_from_the_environment(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "KIZUNA_DEV": "1", "KIZUNA_VAR_DIR": str(tmp_path), "KIZUNA_TRUSTED_PROXY_COUNT": "2",
           "KIZUNA_CLIENT_IP_HEADER": "X-Real-IP"}
    code = "import kizuna.settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "X-Real-IP"]
