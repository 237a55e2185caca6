"""Every signage service leaves its audit entry: who did it, the dotted action, every changed field with its old
and new value (`kizuna.core.audit.watch()` fails a block that writes without an entry)."""

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile

from kizuna.core import audit
from kizuna.signage import services
from kizuna.signage.loading import load_bank
from kizuna.signage.models import Category, Message, Pack, Translation
from tests.audit_helpers import entry_of, logged
from tests.factories import arrange_update
from tests.signage.conftest import bank_data


@pytest.fixture
def notices(db):
    """The five notices of the real bank (a small pack renders quickly)."""
    load_bank(bank_data({"20-notices.toml"}))
    return {m.key: m for m in Message.objects.all()}


@pytest.fixture
def own(world, notices):
    return services.add_message(by=world.people["municipality_staff"], organisation=world.chiyoda,
                                category=Category.objects.get(key="signs"), texts={"ja": "ペット同伴", "en": "Pets"})


def _current(message, language) -> Translation:
    return Translation.objects.get(message=message, language=language, is_current=True)


def _created(**values) -> dict:
    """The changes of a creation entry: every value from nothing."""
    return {name: [None, value] for name, value in values.items()}


def test_propose_translation_logs_the_proposal(world, notices):
    staff, message = world.people["municipality_staff"], notices["staff-only"]

    with audit.watch():
        proposal = services.propose_translation(by=staff, message=message, language="en", text=" Staff only ",
                                                method="human", note="shorter")

    assert logged(proposal, "signage.translation.propose") == (staff, _created(
        message=message.pk, language="en", text="Staff only", status="proposed", is_current=False,
        method="human", author="Municipality Staff", proposed_by=staff.pk,
        created_at=proposal.created_at.isoformat(), native_reviewed=False, note="shorter"))


def test_propose_translation_on_an_own_message_logs_the_text_it_replaces(world, own):
    admin, before = world.people["municipality_admin"], _current(own, "en")

    with audit.watch():
        proposal = services.propose_translation(by=admin, message=own, language="en", text="Pets welcome",
                                                method="machine")

    assert logged(before, "signage.translation.supersede") == (admin, {"is_current": [True, False]})
    assert logged(proposal, "signage.translation.propose")[1]["is_current"] == [None, True]


def test_review_translation_approve_logs_the_review_and_the_replaced_draft(world, notices):
    hq, message = world.people["hq_staff"], notices["staff-only"]
    draft = _current(message, "en")
    proposal = services.propose_translation(by=world.people["association_staff"], message=message, language="en",
                                            text="Staff only", method="human")

    with audit.watch():
        services.review_translation(by=hq, translation=proposal, action="approve", native_reviewed=True,
                                    note="checked")

    proposal.refresh_from_db()
    assert logged(draft, "signage.translation.supersede") == (hq, {"is_current": [True, False]})
    assert logged(proposal, "signage.translation.approve") == (hq, {
        "status": ["proposed", "approved"], "is_current": [False, True], "native_reviewed": [False, True],
        "reviewer": [None, hq.pk], "reviewer_name": ["", "Hq Staff"],
        "reviewed_at": [None, proposal.reviewed_at.isoformat()]})
    assert entry_of(proposal, "signage.translation.approve").additional_data["note"] == "checked"


def test_review_translation_reject_of_the_text_in_use_logs_the_one_restored(world, notices):
    branch, message = world.people["branch_staff"], notices["staff-only"]
    draft = _current(message, "en")
    approved = services.propose_translation(by=world.people["association_staff"], message=message,
                                            language="en", text="Staff only", method="human")
    services.review_translation(by=world.people["hq_staff"], translation=approved, action="approve")
    # The loaded draft back in use (as after a reload), the approved text not: rejecting the draft restores it.
    arrange_update(Translation.objects.filter(pk=approved.pk), is_current=False)
    arrange_update(Translation.objects.filter(pk=draft.pk), is_current=True)

    with audit.watch():
        services.review_translation(by=branch, translation=draft, action="reject")

    assert logged(draft, "signage.translation.reject") == (branch, {"status": ["proposed", "rejected"],
                                                                    "is_current": [True, False]})
    assert logged(approved, "signage.translation.restore") == (branch, {"is_current": [False, True]})
    assert _current(message, "en") == approved


def test_add_message_logs_the_message_and_its_texts(world, notices):
    staff, signs = world.people["municipality_staff"], Category.objects.get(key="signs")

    with audit.watch():
        message = services.add_message(by=staff, organisation=world.chiyoda, category=signs,
                                       texts={"ja": "ペット同伴", "en": "Pets"})

    japanese = _current(message, "ja")
    assert logged(message, "signage.message.add") == (staff, _created(
        key="pets-1", category=signs.pk, number=1001, organisation=world.chiyoda.pk,
        created_by=staff.pk))
    assert logged(japanese, "signage.translation.add") == (staff, _created(
        message=message.pk, language="ja", text="ペット同伴", status="proposed", is_current=True,
        method="human", author="Municipality Staff", proposed_by=staff.pk,
        created_at=japanese.created_at.isoformat(), native_reviewed=False))
    assert logged(_current(message, "en"), "signage.translation.add")[1]["text"] == [None, "Pets"]


def test_change_message_logs_the_category_and_each_text_it_replaces(world, own):
    admin, before, signs = world.people["municipality_admin"], _current(own, "ja"), own.category_id
    facilities = Category.objects.get(key="facilities")

    with audit.watch():
        services.change_message(by=admin, message=own, category=facilities, texts={"ja": "ペットは東側", "en": "Pets"})

    after = _current(own, "ja")
    assert logged(own, "signage.message.change") == (admin, {"category": [signs, facilities.pk]})
    assert logged(before, "signage.translation.supersede") == (admin, {"is_current": [True, False]})
    who, changes = logged(after, "signage.translation.rewrite")
    assert (who, changes["text"], changes["is_current"]) == (admin, [None, "ペットは東側"], [None, True])
    assert LogEntry.objects.filter(additional_data__action="signage.translation.rewrite").count() == 1


def test_delete_message_logs_the_message_with_what_it_said_and_each_translation(world, own):
    staff, pk = world.people["municipality_staff"], own.pk
    key, category, translations = own.key, own.category_id, list(own.translations.all())

    with audit.watch():
        services.delete_message(by=staff, message=own)

    entry = entry_of(Message(pk=pk), "signage.message.delete")
    assert logged(Message(pk=pk), "signage.message.delete") == (staff, {
        "key": [key, None], "category": [category, None], "number": [1001, None],
        "organisation": [world.chiyoda.pk, None], "created_by": [staff.pk, None]})
    assert (entry.action, entry.additional_data["organisation"], entry.additional_data["texts"]) == (
        LogEntry.Action.DELETE, world.chiyoda.pk, {"ja": "ペット同伴", "en": "Pets"})
    assert [logged(Translation(pk=t.pk), "signage.translation.delete")[1]["text"] for t in translations] == [
        [t.text, None] for t in translations]


def test_request_pack_logs_the_request(world, notices):
    staff = world.people["municipality_staff"]

    with audit.watch():
        pack = services.request_pack(by=staff, organisation=world.chiyoda, languages=["ja", "en"], size="A3",
                                     orientation="landscape")

    assert logged(pack, "signage.pack.request") == (staff, _created(
        requested_by=staff.pk, organisation=world.chiyoda.pk, languages=["ja", "en"], size="A3",
        orientation="landscape", reviewed_only=False, status="queued", total=0,
        created_at=pack.created_at.isoformat()))


def test_make_pack_logs_its_steps_as_the_system(world, notices, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pack = services.request_pack(by=world.people["municipality_staff"], organisation=world.chiyoda,
                                 languages=["ja", "en"], size="A4", orientation="portrait")

    with audit.watch():
        pack = services.make_pack(pack)

    assert (pack.status, pack.done, pack.total) == ("done", 5, 5)
    assert logged(pack, "signage.pack.start") == ("system", {"status": ["queued", "running"], "total": [0, 5]})
    assert logged(pack, "signage.pack.finish") == ("system", {
        "status": ["running", "done"], "file": [None, pack.file.name],
        "finished_at": [None, pack.finished_at.isoformat()]})


def test_make_pack_that_cannot_store_its_zip_is_logged_as_failed(world, notices, settings, tmp_path):
    (tmp_path / "media").write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = tmp_path / "media"
    pack = services.request_pack(by=world.people["municipality_staff"], organisation=world.chiyoda,
                                 languages=["ja"], size="A4", orientation="portrait")

    with audit.watch(), pytest.raises(OSError):
        services.make_pack(pack)

    pack.refresh_from_db()
    who, changes = logged(pack, "signage.pack.fail")
    assert (pack.status, who, changes["status"], changes["error"]) == ("failed", "system", ["running", "failed"],
                                                                      ["", pack.error])
    assert changes["finished_at"] == [None, pack.finished_at.isoformat()]
    assert pack.error != ""


def test_purge_packs_logs_each_deletion_as_the_system(world, settings, tmp_path):
    from kizuna.core.audit import SYSTEM
    from kizuna.core.workflow import transition

    settings.MEDIA_ROOT = tmp_path
    staff = world.people["municipality_staff"]
    pack = services.request_pack(by=staff, languages=["ja"], size="A4", orientation="portrait")
    pack = transition(pack, "start", by=SYSTEM, total=0, done=0)
    pack.file.save("old.zip", ContentFile(b"PK"), save=False)
    pack = transition(pack, "finish", by=SYSTEM, file=pack.file.name, finished_at=pack.created_at)

    with audit.watch():
        assert services.purge_packs(keep=0) == 1

    assert logged(Pack(pk=pack.pk), "signage.pack.purge") == ("system", {
        "requested_by": [staff.pk, None], "languages": [["ja"], None], "size": ["A4", None],
        "orientation": ["portrait", None], "reviewed_only": [False, None], "status": ["done", None],
        "total": [0, None], "file": [pack.file.name, None], "created_at": [pack.created_at.isoformat(), None],
        "finished_at": [pack.finished_at.isoformat(), None]})
    assert not (tmp_path / pack.file.name).exists()


def test_loading_the_bank_is_not_a_business_action_and_leaves_no_entry(db):
    with audit.watch():
        load_bank(bank_data({"20-notices.toml"}))

    assert (Message.objects.count(), LogEntry.objects.count()) == (5, 0)


def test_admin_changes_are_logged(world, notices):
    superuser, signs = world.people["superuser"], Category.objects.get(key="signs")

    response = world.client_for("superuser").post(f"/admin/signage/category/{signs.pk}/change/", {
        "key": "signs", "name": "掲示", "name_en": "Notices", "number": signs.number, "phase": "facility"})

    assert response.status_code == 302
    assert logged(signs, "signage.category.admin_change") == (superuser, {"name": ["掲示・注意", "掲示"]})
