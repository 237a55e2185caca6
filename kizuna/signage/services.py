"""Every write of the signage app: proposals and reviews of translations, own messages, shelter packs."""

import gc
import io
import zipfile

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
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
        count = Message.objects.filter(organisation=organisation).count()
        message = Message.objects.create(key=f"{base[:60]}-{count + 1}", category=category,
                                         organisation=organisation, created_by=by, number=1000 + count)
        for code, text in texts.items():
            if text:
                Translation.objects.create(message=message, language=code, text=text.strip(), is_current=True,
                                           method=Method.HUMAN, author=_name(by), proposed_by=by)
        refresh_search_text(message)
    return message


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
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for n, message in enumerate(messages, 1):
                spec = SignSpec((message.pk,), tuple(pack.languages), pack.size, pack.orientation,
                                pack.reviewed_only)
                sign = build_sign(spec, pack.requested_by, messages=[message])
                if sign.blocks:
                    name = f"{n:03d}-{message.category.key}-{message.key}.pdf"
                    archive.writestr(name, sign_pdf(sign, site_url + online_url(spec)))
                Pack.objects.filter(pk=pack.pk).update(done=F("done") + 1)
                if n % 10 == 0:
                    gc.collect()  # WeasyPrint's documents hold reference cycles: keep the peak flat
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
