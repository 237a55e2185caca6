"""Audit: changes with actor and remote address; reads of sensitive records logged by one mixin."""

from auditlog.models import LogEntry
from django.test import RequestFactory
from django.views.generic import DetailView

from kizuna.core.audit import LogReadAccessMixin, read_accesses
from kizuna.core.models import Organisation


def test_change_through_a_page_records_actor_and_remote_address(world):
    client = world.client_for("hq_staff")
    client.post("/organisations/new/", {"kind": "ngo", "name": "多文化NPO"}, REMOTE_ADDR="203.0.113.7")
    org = Organisation.objects.get(name="多文化NPO")
    entry = LogEntry.objects.get_for_object(org).get()
    assert (entry.action, entry.actor, entry.remote_addr) == (LogEntry.Action.CREATE, world.people["hq_staff"],
                                                              "203.0.113.7")


def test_organisation_history_is_shown_to_staff(world):
    world.client_for("hq_staff").post("/organisations/new/", {"kind": "ngo", "name": "履歴NPO"})
    org = Organisation.objects.get(name="履歴NPO")
    page = world.client_for("hq_staff").get(org.get_absolute_url())
    assert [(e.who, e.what) for e in page.context["history"]] == [(str(world.people["hq_staff"]), "作成: 団体")]


class _SensitiveView(LogReadAccessMixin, DetailView):
    model = Organisation
    template_name = "core/history.html"


def test_read_access_mixin_logs_every_read_with_the_reader(world):
    from auditlog.context import set_actor

    request = RequestFactory().get("/")
    request.user = world.people["hq_staff"]
    with set_actor(world.people["hq_staff"], remote_addr="198.51.100.4"):
        _SensitiveView.as_view()(request, pk=world.chiyoda.pk)
        _SensitiveView.as_view()(request, pk=world.chiyoda.pk)
    reads = list(read_accesses(world.chiyoda))
    assert [(r.actor, r.remote_addr) for r in reads] == [(world.people["hq_staff"], "198.51.100.4")] * 2


# -- the mechanism: log_action and its helpers -----------------------------------------------------------------

import pytest  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kizuna.core import services  # noqa: E402
from kizuna.core.audit import (  # noqa: E402
    MASK,
    SYSTEM,
    UnloggedWrite,
    create_logged,
    create_many_logged,
    delete_logged,
    save_logged,
    update_logged,
    watch,
)
from kizuna.core.models import ApiToken, Invitation, Membership  # noqa: E402
from tests.audit_helpers import entries_of, logged  # noqa: E402
from tests.workflow_app.models import Claim  # noqa: E402


def test_bulk_update_of_an_audited_model_is_refused(world):
    with pytest.raises(UnloggedWrite):
        Organisation.objects.filter(pk=world.minato.pk).update(name="港")
    world.minato.refresh_from_db()
    assert world.minato.name == "港区"


def test_bulk_update_of_untracked_fields_only_is_allowed(world):
    token, _ = services.create_api_token(by=world.people["jet"], name="t")
    assert ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now()) == 1


def test_update_logged_leaves_one_entry_per_row_with_old_and_new_values(world):
    update_logged(Organisation.objects.filter(pk__in=[world.chiyoda.pk, world.minato.pk]),
                  "core.organisation.rename_test", by=world.people["hq_staff"], catchphrase="まち")
    assert logged(world.chiyoda, "core.organisation.rename_test") == (
        world.people["hq_staff"], {"catchphrase": ["", "まち"]})
    assert logged(world.minato, "core.organisation.rename_test")[1] == {"catchphrase": ["", "まち"]}


def test_save_logged_records_only_the_fields_that_changed(world):
    claim = create_logged(Claim, "workflow_app.claim.create", by=world.people["jet"], claimant=world.people["jet"],
                          amount=100)
    claim.amount, claim.comment = 200, "receipt"
    save_logged(claim, "workflow_app.claim.edit", by=world.people["jet"], fields=["amount", "comment", "status"])
    assert logged(claim, "workflow_app.claim.edit") == (world.people["jet"],
                                                        {"amount": [100, 200], "comment": ["", MASK]})


def test_create_and_delete_are_logged_with_every_value(world):
    claim = create_logged(Claim, "workflow_app.claim.create", by=SYSTEM, claimant=world.people["jet"], amount=5)
    pk = claim.pk
    delete_logged(claim, "workflow_app.claim.delete", by=world.people["hq_staff"])
    created, deleted = (LogEntry.objects.filter(object_pk=str(pk), additional_data__action=a).get()
                        for a in ("workflow_app.claim.create", "workflow_app.claim.delete"))
    assert (created.additional_data["by"], created.changes["amount"], created.action) == ("system", [None, 5],
                                                                                          LogEntry.Action.CREATE)
    assert (deleted.actor, deleted.changes["amount"], deleted.action) == (world.people["hq_staff"], [5, None],
                                                                          LogEntry.Action.DELETE)


def test_create_many_logged_writes_what_create_logged_writes_in_a_few_queries(world):
    one = create_logged(Claim, "workflow_app.claim.create", by=world.people["jet"], claimant=world.people["jet"],
                        amount=7, comment="a")
    with CaptureQueriesContext(connection) as captured:
        many = create_many_logged(Claim, "workflow_app.claim.create", by=world.people["jet"], batch_size=2, rows=[
            {"claimant": world.people["jet"], "amount": n, "comment": "a"} for n in (7, 8, 9)])
    single = LogEntry.objects.get(object_pk=str(one.pk), additional_data__action="workflow_app.claim.create")
    bulk = [LogEntry.objects.get(object_pk=str(c.pk), additional_data__action="workflow_app.claim.create")
            for c in many]

    def shape(entry):
        return entry.actor, entry.action, entry.additional_data, entry.content_type_id
    assert len(captured) == 4, [q["sql"] for q in captured.captured_queries]  # two batches of records, of entries
    assert [e.object_repr for e in bulk] == [str(c) for c in many]
    assert [c.amount for c in Claim.objects.filter(pk__in=[c.pk for c in many]).order_by("pk")] == [7, 8, 9]
    assert [shape(e) for e in bulk] == [shape(single)] * 3
    assert bulk[0].changes == single.changes and bulk[2].changes["amount"] == [None, 9]


def test_create_many_logged_satisfies_the_watch(world):
    with watch() as pending:
        create_many_logged(Claim, "workflow_app.claim.create", by=world.people["jet"],
                           rows=[{"claimant": world.people["jet"]}])
    assert pending == set()


def test_watch_fails_on_a_write_without_an_entry(world):
    with pytest.raises(UnloggedWrite), watch():
        Claim.objects.create(claimant=world.people["jet"], amount=1)


def test_watch_passes_when_every_write_has_its_entry(world):
    with watch() as pending:
        create_logged(Claim, "workflow_app.claim.create", by=world.people["jet"], claimant=world.people["jet"])
    assert pending == set()


# -- the core's services leave their entries ---------------------------------------------------------------

def test_invite_member_is_logged_without_the_token(world):
    with watch():
        invitation, _token = services.invite_member(by=world.people["municipality_admin"],
                                                    organisation=world.chiyoda, email="new@example.jp")
    who, changes = logged(invitation, "core.invitation.create")
    assert (who, changes["email"], changes["token_hash"]) == (world.people["municipality_admin"],
                                                              [None, "new@example.jp"], [None, MASK])


def test_accept_invitation_logs_the_membership_and_the_acceptance(world):
    invitation, token = services.invite_member(by=world.people["municipality_admin"], organisation=world.chiyoda,
                                               email="jet@example.jp")
    with watch():
        membership = services.accept_invitation(by=world.people["jet"], token=token)
    assert logged(membership, "core.membership.create")[1]["role"] == [None, "staff"]
    assert list(logged(invitation, "core.invitation.accept")[1]) == ["accepted_at", "accepted_by"]


def test_revoke_invitation_is_logged(world):
    invitation, _ = services.invite_member(by=world.people["municipality_admin"], organisation=world.chiyoda,
                                           email="x@example.jp")
    with watch():
        services.revoke_invitation(by=world.people["municipality_admin"], invitation=invitation)
    assert list(logged(invitation, "core.invitation.revoke")[1]) == ["revoked_at"]


def test_remove_member_is_logged(world):
    membership = Membership.objects.get(person=world.people["municipality_staff"])
    with watch():
        services.remove_member(by=world.people["municipality_admin"], membership=membership)
    assert list(logged(membership, "core.membership.end")[1]) == ["ended_at"]


def test_create_and_revoke_api_token_are_logged(world):
    with watch():
        token, _ = services.create_api_token(by=world.people["jet"], name="laptop")
        services.revoke_api_token(by=world.people["jet"], token=token)
    assert logged(token, "core.apitoken.create")[1]["name"] == [None, "laptop"]
    assert list(logged(token, "core.apitoken.revoke")[1]) == ["revoked_at"]


def test_create_organisation_is_logged(world):
    with watch():
        org = services.create_organisation(by=world.people["hq_staff"], kind="ngo", name="監査NPO")
    assert logged(org, "core.organisation.create")[1]["name"] == [None, "監査NPO"]


def test_password_change_through_the_page_is_logged_masked(world):
    user = world.people["jet"]
    user.set_password("old-password-1")
    save_logged(user, "core.user.set_password", by=user, fields=["password"])
    client = Client()
    client.force_login(user)
    client.post("/accounts/password/change/", {"oldpassword": "old-password-1", "password1": "Nagai-Pass-9876",
                                               "password2": "Nagai-Pass-9876"})
    assert [e.changes for e in entries_of(user, "core.user.change_password")] == [{"password": [MASK, MASK]}]


# -- findings of the security review ----------------------------------------------------------------------

def test_invite_yourself_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.invite_member(by=world.people["hq_staff"], organisation=world.minato,
                               email=world.people["hq_staff"].email, role="admin")
    assert not Invitation.objects.filter(email=world.people["hq_staff"].email).exists()


def test_administrators_are_told_of_every_invitation_into_their_organisation(world, mailoutbox,
                                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(by=world.people["hq_staff"], organisation=world.chiyoda, email="who@example.jp",
                               role="admin")
    told = [m for m in mailoutbox if world.people["municipality_admin"].email in m.to]
    assert len(told) == 1
    assert "who@example.jp" in told[0].body


# -- the history in words --------------------------------------------------------------------------------

def test_record_history_page_reads_in_words_in_both_languages(world):
    org = services.create_organisation(by=world.people["hq_staff"], kind="ngo", name="言葉NPO")
    url = f"/history/core.organisation/{org.pk}/"
    ja = world.client_for("municipality_staff").get(url, HTTP_ACCEPT_LANGUAGE="ja")
    en = world.client_for("municipality_staff").get(url, HTTP_ACCEPT_LANGUAGE="en")
    [ja_entry], [en_entry] = ja.context["entries"], en.context["entries"]
    assert (ja_entry.what, [(c.field, c.old, c.new) for c in ja_entry.changes if c.new == "言葉NPO"]) == (
        "作成: 団体", [("名称（日本語）", "—", "言葉NPO")])
    assert (en_entry.what, [(c.field, c.new) for c in en_entry.changes if c.field == "kind"]) == (
        "Created: organisation", [("kind", "NGO / NPO")])


def test_record_history_page_is_404_for_a_record_one_may_not_open(world):
    token, _ = services.create_api_token(by=world.people["jet"], name="t")
    assert world.client_for("municipality_staff").get(f"/history/core.apitoken/{token.pk}/").status_code == 404
    assert world.client_for("jet").get(f"/history/core.apitoken/{token.pk}/").status_code == 200


def test_record_history_page_sends_anonymous_people_to_log_in(world):
    response = Client().get(f"/history/core.organisation/{world.chiyoda.pk}/")
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


def test_record_history_of_an_unknown_model_is_404(world):
    assert world.client_for("hq_staff").get("/history/auth.group/1/").status_code == 404


def _created_from(world, name: str, **request) -> str:
    world.client_for("hq_staff").post("/organisations/new/", {"kind": "ngo", "name": name}, **request)
    return LogEntry.objects.get_for_object(Organisation.objects.get(name=name)).get().remote_addr


def test_audit_address_ignores_a_forged_forwarded_address(world):
    assert _created_from(world, "偽装NPO", REMOTE_ADDR="203.0.113.7",
                         HTTP_X_FORWARDED_FOR="198.51.100.66") == "203.0.113.7"


def test_audit_address_behind_the_load_balancer_is_the_clients(world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert _created_from(world, "転送NPO", REMOTE_ADDR="10.0.0.2",
                         HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9") == "203.0.113.9"


def test_history_names_the_records_of_a_many_to_many_change(world):
    from kizuna.core.audit import log_action
    from kizuna.core.history import history_of

    log_action(world.chiyoda, "core.organisation.link_test", by=world.people["hq_staff"],
               changes={"parent": [[], [world.tokyo.pk, world.minato.pk]]})
    [entry] = history_of(world.chiyoda)
    assert [(c.old, c.new) for c in entry.changes] == [("—", "東京都, 港区")]


def test_admin_setting_successors_of_an_abolished_body_is_logged(world):
    """A merger not yet in changes.csv: headquarters mark the body abolished and name its successor in the admin;
    the successors are written with their own entry."""
    from tests.audit_helpers import logged

    superuser, minato = world.people["superuser"], world.minato
    data = {"kind": minato.kind, "code": minato.code, "name": minato.name, "name_kana": minato.name_kana,
            "name_en": minato.name_en, "municipality_type": minato.municipality_type, "parent": minato.parent_id,
            "prefecture": minato.prefecture_id, "timezone": minato.timezone, "abolished_on": "2026-04-01",
            "successors": str(world.chiyoda.pk), "covered_countries-TOTAL_FORMS": "0",
            "covered_countries-INITIAL_FORMS": "0", "covered_countries-MIN_NUM_FORMS": "0",
            "covered_countries-MAX_NUM_FORMS": "1000"}
    response = world.client_for("superuser").post(f"/admin/core/organisation/{minato.pk}/change/", data)
    minato.refresh_from_db()
    assert (response.status_code, str(minato.abolished_on), list(minato.successors.all())) == (
        302, "2026-04-01", [world.chiyoda])
    assert logged(minato, "core.organisation.admin_successors") == (superuser, {"successors": [[], ["131016"]]})
