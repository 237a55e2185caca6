"""Organisation administrators invite colleagues by email and remove them."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from kizuna.core import services
from kizuna.core.models import Invitation, Membership
from tests.factories import UserFactory


def _accept_url(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/invitations/\S+/", body).group(0).split("://", 1)[1].split("/", 1)[1]


def test_invite_member_page_sends_a_real_email(world, smtp_server, django_capture_on_commit_callbacks):
    client = world.client_for("municipality_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/organisations/{world.chiyoda.pk}/invite/", {"email": "Colleague@Example.jp",
                                                                          "role": "staff"})
    assert response.status_code == 302
    assert [m["to"] for m in smtp_server.messages] == [["colleague@example.jp"]]
    assert "千代田区" in smtp_server.messages[0]["message"]["Subject"]
    assert Invitation.objects.pending().get().email == "colleague@example.jp"


def test_invitation_accepted_by_the_invited_person_makes_a_membership(world, smtp_server,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("municipality_admin").post(f"/organisations/{world.chiyoda.pk}/invite/",
                                                    {"email": "colleague@example.jp", "role": "staff"})
    url = "/" + _accept_url(smtp_server.messages[0]["message"])
    colleague = UserFactory(email="colleague@example.jp")
    client = Client()
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response["Location"] == world.chiyoda.get_absolute_url()
    assert Membership.objects.active().filter(person=colleague, organisation=world.chiyoda, role="staff").exists()
    assert client.post(url).status_code == 404  # used once


def test_invitation_cannot_be_accepted_by_another_address(world):
    _invitation, token = services.invite_member(by=world.people["municipality_admin"], organisation=world.chiyoda,
                                                email="colleague@example.jp")
    with pytest.raises(ValidationError) as excinfo:
        services.accept_invitation(by=world.people["jet"], token=token)
    assert "colleague@example.jp" in excinfo.value.messages[0]
    assert not Membership.objects.filter(person=world.people["jet"], role="staff").exists()


def test_invite_member_denied_for_plain_staff(world):
    with pytest.raises(PermissionDenied):
        services.invite_member(by=world.people["municipality_staff"], organisation=world.chiyoda,
                               email="x@example.jp")
    assert Invitation.objects.count() == 0


def test_invite_member_twice_is_refused_with_a_message(world):
    services.invite_member(by=world.people["municipality_admin"], organisation=world.chiyoda, email="x@example.jp")
    with pytest.raises(ValidationError) as excinfo:
        services.invite_member(by=world.people["municipality_admin"], organisation=world.chiyoda,
                               email="X@example.jp")
    assert excinfo.value.message_dict == {"email": ["x@example.jp はすでに招待済みで、まだ返答がありません。"]}


def test_invite_member_page_shows_errors_in_japanese(world):
    client = world.client_for("municipality_admin")
    response = client.post(f"/organisations/{world.chiyoda.pk}/invite/", {"email": "not-an-email", "role": "staff"},
                           follow=True)
    assert [str(m) for m in response.context["messages"]] == ["有効なメールアドレスを入力してください。"]
    assert Invitation.objects.count() == 0


def test_remove_member_ends_the_membership(world):
    membership = Membership.objects.get(person=world.people["municipality_staff"], organisation=world.chiyoda)
    response = world.client_for("municipality_admin").post(
        f"/organisations/{world.chiyoda.pk}/members/{membership.pk}/remove/")
    membership.refresh_from_db()
    assert (response.status_code, membership.ended_at is not None) == (302, True)
    assert not world.people["municipality_staff"].has_perm("core.view_members", world.chiyoda)


def test_remove_member_denied_for_plain_staff(world):
    admin = Membership.objects.get(person=world.people["municipality_admin"], organisation=world.chiyoda)
    response = world.client_for("municipality_staff").post(
        f"/organisations/{world.chiyoda.pk}/members/{admin.pk}/remove/")
    admin.refresh_from_db()
    assert (response.status_code, admin.ended_at) == (404, None)  # forbidden objects look missing


def test_remove_last_administrator_is_refused(world):
    admin = Membership.objects.get(person=world.people["municipality_admin"], organisation=world.chiyoda)
    with pytest.raises(ValidationError) as excinfo:
        services.remove_member(by=world.people["hq_staff"], membership=admin)
    admin.refresh_from_db()
    assert (excinfo.value.messages, admin.ended_at) == (
        ["団体には管理者が1人以上必要です。先に別の管理者を任命してください。"], None)


def test_organisation_page_lists_members_only_for_working_members(world):
    staff_page = world.client_for("municipality_staff").get(world.chiyoda.get_absolute_url())
    jet_page = world.client_for("jet").get(world.chiyoda.get_absolute_url())
    assert (list(staff_page.context["members"]) != [], "members" in jet_page.context) == (True, False)
