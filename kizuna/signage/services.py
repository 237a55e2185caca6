"""Every write of the signage app: proposals and reviews of translations, own messages, shelter packs.

Each write leaves its audit entry (kizuna/core/audit.py) with a dotted action `signage.<model>.<verb>`;
reviews and the steps of a pack go through `kizuna.core.workflow.transition`."""

import gc
import io
import zipfile
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kizuna.core.audit import SYSTEM, create_logged, delete_logged, save_logged, update_logged
from kizuna.core.history import register_action_labels
from kizuna.core.policies import require
from kizuna.core.rules import is_working_member, working_orgs
from kizuna.core.workflow import transition

from .enums import PRESETS, Method, PackStatus, SheetKind, TranslationStatus
from .loading import refresh_search_text
from .models import Message, Pack, SheetMade, Translation
from .pdf import sign_pdf
from .pictograms import LIBRARY
from .signs import SignSpec, build_sign, current_translations, online_url

# The signage actions in words (the transitions are named by their tables), for histories.
register_action_labels({
    "signage.message.add": gettext_lazy("Added an own message"),
    "signage.message.change": gettext_lazy("Changed the message"),
    "signage.message.delete": gettext_lazy("Deleted the message"),
    "signage.translation.propose": gettext_lazy("Proposed a translation"),
    "signage.translation.add": gettext_lazy("Wrote a text, used at once"),
    "signage.translation.rewrite": gettext_lazy("Rewrote the text, used at once"),
    "signage.translation.supersede": gettext_lazy("Replaced by another text"),
    "signage.translation.restore": gettext_lazy("Used on signs again"),
    "signage.translation.delete": gettext_lazy("Deleted with its message"),
    "signage.pack.request": gettext_lazy("Requested a shelter pack"),
    "signage.pack.purge": gettext_lazy("Deleted by the retention job"),
})


def _name(person) -> str:
    return getattr(person, "full_name", "") or str(person)


def _supersede(queryset, *, by) -> None:
    """The texts of `queryset` are no longer used on signs: another replaces them."""
    update_logged(queryset.filter(is_current=True), "signage.translation.supersede", by=by, is_current=False)


def propose_translation(*, by, message, language: str, text: str, method: str, note: str = "") -> Translation:
    """A translator's proposal: recorded with who and how, not used on signs until a reviewer approves it.

    On an organisation's own message (which CLAIR reviewers do not see) the colleague's text is used at once,
    still marked as not reviewed by a native speaker."""
    require(by, "signage.propose_translation", message)
    if method not in Method.values:
        raise ValidationError(_("Say how the translation was made."), code="method")
    own = message.organisation_id is not None  # an organisation's own message: its colleagues' text is used
    with transaction.atomic():
        if own:
            _supersede(Translation.objects.filter(message=message, language=language), by=by)
        proposal = create_logged(
            Translation, "signage.translation.propose", by=by, message=message, language=language,
            text=text.strip(), method=method, author=_name(by), proposed_by=by, note=note,
            status=TranslationStatus.PROPOSED, is_current=own)
        refresh_search_text(message)
    return proposal


def review_translation(*, by, translation, action: str, native_reviewed: bool = False, note: str = ""):
    """Approve (it becomes the text signs use) or reject a proposal. Only a reviewer who declares they are a
    native speaker marks it reviewed by a native speaker; approving alone does not."""
    require(by, "signage.review_translation", translation)
    now = timezone.now()
    with transaction.atomic():
        if action == "approve":
            _supersede(Translation.objects.filter(message=translation.message_id, language=translation.language)
                       .exclude(pk=translation.pk), by=by)
            changes = {"is_current": True, "native_reviewed": bool(native_reviewed), "reviewer": by,
                       "reviewer_name": _name(by) if native_reviewed else "",
                       "reviewed_at": now if native_reviewed else None}
        else:
            changes = {"is_current": False}
        done = transition(translation, action, by=by, note=note, **changes)
        if action == "reject" and not Translation.objects.filter(
                message=translation.message_id, language=translation.language, is_current=True).exists():
            _restore_previous(done, by=by)
        refresh_search_text(done.message)
    return done


def _restore_previous(rejected, *, by) -> None:
    """Rejecting the text in use falls back to the newest other approved text of that language."""
    previous = (Translation.objects.filter(message=rejected.message_id, language=rejected.language,
                                           status=TranslationStatus.APPROVED)
                .exclude(pk=rejected.pk).order_by("-created_at").first())
    if previous is not None:
        previous.is_current = True
        save_logged(previous, "signage.translation.restore", by=by, fields=["is_current"])


def _check_organisation(by, organisation, perm: str) -> None:
    """Own messages and packs are made for an organisation the person acts for."""
    require(by, perm)
    if organisation is not None and not is_working_member(by, organisation):
        raise PermissionDenied(perm)


def _check_pictogram(pictogram: str) -> str:
    if pictogram and pictogram not in LIBRARY:
        raise ValidationError({"pictogram": _("“%(key)s” is not a pictogram of the library.") % {"key": pictogram}},
                              code="pictogram")
    return pictogram


def add_message(*, by, organisation, category, texts: dict[str, str], pictogram: str = "") -> Message:
    """A municipality's own message, shared with its colleagues only. Texts are the person's own writing."""
    if organisation is None:
        raise PermissionDenied("signage.add_message")
    _check_organisation(by, organisation, "signage.add_message")
    _check_pictogram(pictogram)
    base = slugify(texts.get("en") or "") or "message"
    with transaction.atomic():
        # Numbered after the highest so far (not the count): a deleted message never frees a key twice.
        last = Message.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"] or 1000
        number = max(last, 1000) + 1
        message = create_logged(Message, "signage.message.add", by=by, key=f"{base[:60]}-{number - 1000}",
                                category=category, organisation=organisation, created_by=by, number=number,
                                pictogram=pictogram)
        for code, text in texts.items():
            if text:
                create_logged(Translation, "signage.translation.add", by=by, message=message, language=code,
                              text=text.strip(), is_current=True, method=Method.HUMAN, author=_name(by),
                              proposed_by=by)
        refresh_search_text(message)
    return message


def change_message(*, by, message, category, texts: dict[str, str], pictogram: str | None = None) -> Message:
    """A colleague changes an own message: its category, pictogram (None: unchanged) and texts. A changed text
    becomes a new translation used at once (the earlier one is kept, no longer used), and each change is in the
    message's history."""
    require(by, "signage.change_message", message)
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        fields = []
        if locked.category_id != category.pk:
            locked.category = category
            fields.append("category")
        if pictogram is not None and locked.pictogram != _check_pictogram(pictogram):
            locked.pictogram = pictogram
            fields.append("pictogram")
        if fields:
            save_logged(locked, "signage.message.change", by=by, fields=fields)
        current = {t.language: t for t in locked.translations.filter(is_current=True, language__in=list(texts))}
        changed = False
        for code, text in texts.items():
            text, old = (text or "").strip(), current.get(code)
            if text == (old.text if old else ""):
                continue
            changed = True
            if old is not None:
                _supersede(Translation.objects.filter(pk=old.pk), by=by)
            if text:
                create_logged(Translation, "signage.translation.rewrite", by=by, message=locked, language=code,
                              text=text, is_current=True, method=Method.HUMAN, author=_name(by), proposed_by=by)
        if changed:
            refresh_search_text(locked)
    locked.refresh_from_db()
    return locked


def delete_message(*, by, message) -> None:
    """A colleague deletes an own message with its translations. The audit log keeps what it said, who
    deleted it and when (listed on the organisation's own-messages page, from the entry's data)."""
    require(by, "signage.delete_message", message)
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        translations = list(locked.translations.all())
        texts = {t.language: t.text for t in translations if t.is_current}
        for t in translations:
            delete_logged(t, "signage.translation.delete", by=by)
        delete_logged(locked, "signage.message.delete", by=by,
                      data={"organisation": locked.organisation_id, "key": locked.key, "texts": texts})


def request_pack(*, by, organisation=None, languages, size, orientation, reviewed_only=False) -> Pack:
    """Queue a shelter pack for the person (made for an organisation they act for, if any)."""
    from .tasks import make_pack_task  # tasks import this module

    _check_organisation(by, organisation, "signage.make_pack")
    with transaction.atomic():
        pack = create_logged(Pack, "signage.pack.request", by=by, requested_by=by, organisation=organisation,
                             languages=list(languages or PRESETS["standard"]), size=size,
                             orientation=orientation, reviewed_only=reviewed_only)
        transaction.on_commit(lambda: make_pack_task.enqueue(pack_id=pack.pk))
    return pack


def _fail(pack: Pack, error: Exception) -> None:
    transition(pack, "fail", by=SYSTEM, error=(str(error) or type(error).__name__)[:2000],
               finished_at=timezone.now())


def _zip_signs(pack: Pack, messages: list, site_url: str) -> bytes:
    """One PDF per message, zipped; `done` counts them as they are made."""

    buffer, refused = io.BytesIO(), []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n, message in enumerate(messages, 1):
            spec = SignSpec((message.pk,), tuple(pack.languages), pack.size, pack.orientation, pack.reviewed_only)
            sign = build_sign(spec, pack.requested_by, messages=[message])
            if sign.blocks:
                name = f"{n:03d}-{message.category.key}-{message.key}.pdf"
                try:
                    archive.writestr(name, sign_pdf(sign, site_url + online_url(spec)))
                except ValidationError as error:  # too long for one sheet: said in the ZIP, not cut off
                    refused.append(f"{name}: {' '.join(error.messages)}")
            Pack.objects.filter(pk=pack.pk).update(done=F("done") + 1)  # `done` is untracked progress
            if n % 10 == 0:
                gc.collect()  # WeasyPrint's documents hold reference cycles: keep the peak flat
        if refused:
            archive.writestr("NOT-PRINTED.txt", "\n".join(refused) + "\n")
    return buffer.getvalue()


def make_pack(pack: Pack, *, site_url: str = "") -> Pack:
    """Render one PDF per message (the bank and the requester's organisation's own) and zip them. The steps
    are the system's (PACK_TRANSITIONS): queued → running → done, or failed with the error."""
    try:
        messages = list(Message.objects.visible_to(pack.requested_by).select_related("category")
                        .prefetch_related(current_translations(pack.languages)))
    except Exception as error:  # noqa: BLE001 - the pack records the failure for its requester
        _fail(pack, error)
        raise
    pack = transition(pack, "start", by=SYSTEM, total=len(messages), done=0)
    try:
        content = _zip_signs(pack, messages, site_url)
        pack.file.save(f"kizuna-signs-{pack.pk}-{'-'.join(pack.languages)}.zip", ContentFile(content),
                       save=False)
    except Exception as error:  # noqa: BLE001 - the pack records the failure (rendering, storage) for its requester
        _fail(pack, error)
        raise
    pack = transition(pack, "finish", by=SYSTEM, file=pack.file.name, finished_at=timezone.now())
    if pack.done:
        SheetMade.objects.create(kind=SheetKind.PACK, sheets=pack.done, languages=pack.languages, size=pack.size,
                                 organisation=pack.organisation)
    return pack


def record_sheet(*, kind: str, spec: SignSpec, user, sheets: int = 1) -> SheetMade:
    """A sign, a pointing board or the registration card was made as a PDF: one sheet for the plan's count,
    for the maker's organisation if they work for a local government or for CLAIR (an anonymous maker counts for
    CLAIR as a whole only)."""
    return record_sheets(kind=kind, languages=spec.languages, size=spec.size, user=user, sheets=sheets)


def record_sheets(*, kind: str, languages, size: str, user, sheets: int = 1) -> SheetMade:
    """Sheets made for the plan's count (`record_sheet`): also pictogram sheets and Word files, which have no
    sign behind them."""
    organisations = working_orgs(user) if user.is_authenticated else []
    return SheetMade.objects.create(kind=kind, sheets=max(1, sheets), languages=list(languages), size=size,
                                    organisation=organisations[0] if organisations else None)


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
                .values_list("pk", "organisation_id", "requested_by_id", "created_at")
                .order_by("-created_at", "-pk"))
    for pk, organisation_id, requested_by_id, created_at in finished.iterator():
        owner = ("org", organisation_id) if organisation_id else ("user", requested_by_id)
        seen[owner] += 1
        if seen[owner] > keep or created_at < cutoff:
            doomed.append(pk)
    for pack in Pack.objects.filter(pk__in=doomed):
        name, storage = pack.file.name, pack.file.storage
        with transaction.atomic():
            delete_logged(pack, "signage.pack.purge", by=SYSTEM)
        if name:
            storage.delete(name)
    return len(doomed)
