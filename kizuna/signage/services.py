"""Every write of the signage app: proposals and reviews of translations, own messages, shelter packs."""

import gc
import io
import zipfile
from collections import Counter
from datetime import timedelta

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kizuna.core.workflow import transition

from .enums import PRESETS, Method, PackStatus, TranslationStatus
from .loading import refresh_search_text
from .models import Message, Pack, Translation
from .signs import SignSpec, build_sign, current_translations, online_url


def _name(person) -> str:
    return getattr(person, "full_name", "") or str(person)


def propose_translation(*, by, message, language: str, text: str, method: str, note: str = "") -> Translation:
    """A translator's proposal: recorded with who and how, not used on signs until a reviewer approves it.

    On an organisation's own message (which CLAIR reviewers do not see) the colleague's text is used at once,
    still marked as not reviewed by a native speaker."""
    if not by.has_perm("signage.propose_translation", message):
        raise PermissionDenied("signage.propose_translation")
    if method not in Method.values:
        raise ValidationError(_("Say how the translation was made."), code="method")
    own = message.organisation_id is not None  # an organisation's own message: its colleagues' text is used
    with transaction.atomic():
        if own:
            Translation.objects.filter(message=message, language=language, is_current=True).update(is_current=False)
        proposal = Translation.objects.create(
            message=message, language=language, text=text.strip(), method=method, author=_name(by),
            proposed_by=by, note=note, status=TranslationStatus.PROPOSED, is_current=own)
    LogEntry.objects.log_create(proposal, force_log=True, action=LogEntry.Action.CREATE, actor=by,
                                changes={"text": [None, proposal.text]},
                                additional_data={"transition": "propose", "note": note,
                                                 "from": "", "to": TranslationStatus.PROPOSED})
    refresh_search_text(message)
    return proposal


def review_translation(*, by, translation, action: str, native_reviewed: bool = False, note: str = ""):
    """Approve (it becomes the text signs use) or reject a proposal. Only a reviewer who declares they are a
    native speaker marks it reviewed by a native speaker; approving alone does not."""
    now = timezone.now()
    with transaction.atomic():
        if action == "approve":
            Translation.objects.filter(message=translation.message_id, language=translation.language,
                                       is_current=True).exclude(pk=translation.pk).update(is_current=False)
            changes = {"is_current": True, "native_reviewed": bool(native_reviewed), "reviewer": by,
                       "reviewer_name": _name(by) if native_reviewed else "",
                       "reviewed_at": now if native_reviewed else None}
        else:
            changes = {"is_current": False}
        done = transition(translation, action, by=by, note=note, **changes)
        if action == "reject" and not Translation.objects.filter(
                message=translation.message_id, language=translation.language, is_current=True).exists():
            _restore_previous(translation)
    refresh_search_text(done.message)
    return done


def _restore_previous(rejected) -> None:
    """Rejecting the text in use falls back to the newest other text of that language that was not rejected."""
    previous = (Translation.objects.filter(message=rejected.message_id, language=rejected.language)
                .exclude(status=TranslationStatus.REJECTED).exclude(pk=rejected.pk)
                .filter(status=TranslationStatus.APPROVED).order_by("-created_at").first())
    if previous is not None:
        Translation.objects.filter(pk=previous.pk).update(is_current=True)


def add_message(*, by, organisation, category, texts: dict[str, str]) -> Message:
    """A municipality's own message, shared with its colleagues only. Texts are the person's own writing."""
    if organisation is None or not by.has_perm("signage.add_message"):
        raise PermissionDenied("signage.add_message")
    base = slugify(texts.get("en") or "") or "message"
    with transaction.atomic():
        # Numbered after the highest so far (not the count): a deleted message never frees a key twice.
        last = Message.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"] or 1000
        number = max(last, 1000) + 1
        message = Message.objects.create(key=f"{base[:60]}-{number - 1000}", category=category,
                                         organisation=organisation, created_by=by, number=number)
        for code, text in texts.items():
            if text:
                Translation.objects.create(message=message, language=code, text=text.strip(), is_current=True,
                                           method=Method.HUMAN, author=_name(by), proposed_by=by)
        refresh_search_text(message)
    return message


def change_message(*, by, message, category, texts: dict[str, str]) -> Message:
    """A colleague changes an own message: its category and texts. A changed text becomes a new translation
    used at once (the earlier one is kept, no longer used), and the change is in the message's history."""
    if not by.has_perm("signage.change_message", message):
        raise PermissionDenied("signage.change_message")
    with transaction.atomic():
        locked = Message.objects.select_for_update().select_related("category").get(pk=message.pk)
        changes = {}
        if locked.category_id != category.pk:
            changes["category"] = [locked.category.key, category.key]
            Message.objects.filter(pk=locked.pk).update(category=category)
        current = {t.language: t for t in Translation.objects.filter(message=locked, is_current=True,
                                                                     language__in=list(texts))}
        for code, text in texts.items():
            text, old = (text or "").strip(), current.get(code)
            if text == (old.text if old else ""):
                continue
            if old is not None:
                Translation.objects.filter(pk=old.pk).update(is_current=False)
            if text:
                Translation.objects.create(message=locked, language=code, text=text, is_current=True,
                                           method=Method.HUMAN, author=_name(by), proposed_by=by)
            changes[f"text [{code}]"] = [old.text if old else "", text]
        if changes:
            LogEntry.objects.log_create(locked, force_log=True, action=LogEntry.Action.UPDATE, actor=by,
                                        changes=changes, additional_data={"transition": "edit", "note": "",
                                                                          "from": "", "to": ""})
    if changes:
        refresh_search_text(locked)
    locked.refresh_from_db()
    return locked


def delete_message(*, by, message) -> None:
    """A colleague deletes an own message with its translations. The audit log keeps what it said, who
    deleted it and when (listed on the organisation's own-messages page)."""
    if not by.has_perm("signage.delete_message", message):
        raise PermissionDenied("signage.delete_message")
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        texts = dict(Translation.objects.filter(message=locked, is_current=True).values_list("language", "text"))
        LogEntry.objects.log_create(locked, force_log=True, action=LogEntry.Action.DELETE, actor=by,
                                    changes={"key": [locked.key, ""]},
                                    additional_data={"transition": "delete", "note": "", "from": "", "to": "",
                                                     "organisation": locked.organisation_id, "key": locked.key,
                                                     "texts": texts})
        with disable_auditlog():  # the entry above says it all, once, rather than one per translation
            locked.delete()


def request_pack(*, by, organisation=None, languages, size, orientation, reviewed_only=False) -> Pack:
    from .tasks import make_pack_task

    if not by.has_perm("signage.make_pack"):
        raise PermissionDenied("signage.make_pack")
    pack = Pack.objects.create(requested_by=by, organisation=organisation, languages=list(languages or
                               PRESETS["standard"]), size=size, orientation=orientation,
                               reviewed_only=reviewed_only)
    transaction.on_commit(lambda: make_pack_task.enqueue(pack_id=pack.pk))
    return pack


def make_pack(pack: Pack, *, site_url: str = "") -> Pack:
    """Render one PDF per message (the bank and the requester's organisation's own) and zip them."""
    from .pdf import sign_pdf

    messages = list(Message.objects.visible_to(pack.requested_by).select_related("category")
                    .prefetch_related(current_translations(pack.languages)))
    Pack.objects.filter(pk=pack.pk).update(status=PackStatus.RUNNING, total=len(messages), done=0)
    buffer, refused = io.BytesIO(), []
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for n, message in enumerate(messages, 1):
                spec = SignSpec((message.pk,), tuple(pack.languages), pack.size, pack.orientation,
                                pack.reviewed_only)
                sign = build_sign(spec, pack.requested_by, messages=[message])
                if sign.blocks:
                    name = f"{n:03d}-{message.category.key}-{message.key}.pdf"
                    try:
                        archive.writestr(name, sign_pdf(sign, site_url + online_url(spec)))
                    except ValidationError as error:  # too long for one sheet: said in the ZIP, not cut off
                        refused.append(f"{name}: {' '.join(error.messages)}")
                Pack.objects.filter(pk=pack.pk).update(done=F("done") + 1)
                if n % 10 == 0:
                    gc.collect()  # WeasyPrint's documents hold reference cycles: keep the peak flat
            if refused:
                archive.writestr("NOT-PRINTED.txt", "\n".join(refused) + "\n")
    except Exception as error:  # noqa: BLE001 - the pack records the failure for its requester
        Pack.objects.filter(pk=pack.pk).update(status=PackStatus.FAILED, error=str(error)[:2000])
        raise
    pack.refresh_from_db()
    pack.file.save(f"kizuna-signs-{pack.pk}-{'-'.join(pack.languages)}.zip", ContentFile(buffer.getvalue()),
                   save=False)
    Pack.objects.filter(pk=pack.pk).update(status=PackStatus.DONE, file=pack.file.name,
                                           finished_at=timezone.now())
    pack.refresh_from_db()
    return pack


def pack_retention() -> tuple[int, int]:
    """(latest packs kept per organisation, days a pack is kept), from settings with defaults."""
    return (getattr(settings, "SIGNAGE_PACKS_KEPT", 5), getattr(settings, "SIGNAGE_PACK_DAYS", 30))


def purge_packs(*, now=None, keep: int | None = None, days: int | None = None) -> int:
    """Delete finished shelter packs (row and ZIP) older than `days`, or beyond the latest `keep` of their
    organisation (of their requester when made for none). Packs still being made are left alone. Returns the
    number deleted; run periodically (`kizuna purge_signage_packs`)."""
    default_keep, default_days = pack_retention()
    keep = default_keep if keep is None else keep
    days = default_days if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    seen: Counter = Counter()
    doomed = []
    finished = (Pack.objects.filter(status__in=[PackStatus.DONE, PackStatus.FAILED])
                .only("pk", "organisation_id", "requested_by_id", "created_at", "file").order_by("-created_at", "-pk"))
    for pack in finished.iterator():
        owner = ("org", pack.organisation_id) if pack.organisation_id else ("user", pack.requested_by_id)
        seen[owner] += 1
        if seen[owner] > keep or pack.created_at < cutoff:
            doomed.append(pack)
    for pack in doomed:
        name = pack.file.name
        with transaction.atomic():
            pack.delete()
        if name:
            pack.file.storage.delete(name)
    return len(doomed)
