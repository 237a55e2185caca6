"""Joint booths: municipalities apply for a slot, staff select (never more than the slots), co-exhibitors tick
their checklist and report visitors, leads and deals after the fair."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, OrgKind
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from ..enums import FAIRS, BoothStatus, EventKind
from ..models import Booth, Event, Exhibitor
from ..series import BOOTH, check_series
from .items import keep_keys


def exhibitor_kinds(event: Event) -> frozenset:
    """Who takes a slot: local governments at any fair, and companies too at a career fair."""
    if event.kind == EventKind.CAREER_FAIR:
        return LOCAL_GOVERNMENT_KINDS | {OrgKind.COMPANY}
    return LOCAL_GOVERNMENT_KINDS


def apply_for_booth(*, by, booth: Booth, organisation, exhibits: str) -> Exhibitor:
    """A local government (or, at a career fair, a company) applies for a slot, through one of its working
    members."""
    require(by, "events.apply_for_booth", booth)
    require(by, "events.act_for_exhibitor", Exhibitor(booth=booth, organisation=organisation))
    if organisation.kind not in exhibitor_kinds(booth.event):
        raise ValidationError(_("%(org)s cannot take a slot at this fair.") % {"org": organisation},
                              code="organisation_kind")
    if booth.applications_close <= timezone.now():
        raise ValidationError(_("Applications for this booth have closed."), code="closed")
    if not exhibits.strip():
        raise ValidationError(_("Say what you will show."), code="exhibits_missing")
    try:
        with transaction.atomic():
            return create_logged(Exhibitor, "events.exhibitor.apply", by=by, booth=booth, organisation=organisation,
                                 exhibits=exhibits.strip(), created_by=by)
    except IntegrityError as error:
        raise ValidationError(_("%(org)s has already applied for this booth.") % {"org": organisation},
                              code="already_applied") from error


def _count_slot(booth: Booth, delta: int, *, by, exhibitor: Exhibitor) -> None:
    """Take (+1) or free (-1) a slot of the booth (locked by the caller), logged with the co-exhibitor."""
    booth.slots_taken += delta
    save_logged(booth, "events.booth.take_slot" if delta > 0 else "events.booth.free_slot", by=by,
                fields=["slots_taken"], data={"exhibitor": exhibitor.pk})


def select_exhibitor(*, by, exhibitor: Exhibitor) -> Exhibitor:
    """Never beyond the booth's slots: the booth stays locked from the guard's count to the slot taken."""
    with transaction.atomic():
        booth = Booth.objects.select_for_update().get(pk=exhibitor.booth_id)
        done = transition(exhibitor, "select", by=by)
        _count_slot(booth, +1, by=by, exhibitor=done)
    return done


def reject_exhibitor(*, by, exhibitor: Exhibitor, note: str = "") -> Exhibitor:
    return transition(exhibitor, "reject", by=by, note=note)


def withdraw_exhibitor(*, by, exhibitor: Exhibitor) -> Exhibitor:
    with transaction.atomic():
        booth = Booth.objects.select_for_update().get(pk=exhibitor.booth_id)
        was_selected = Exhibitor.objects.get(pk=exhibitor.pk).status == BoothStatus.SELECTED
        done = transition(exhibitor, "withdraw", by=by)
        if was_selected:
            _count_slot(booth, -1, by=by, exhibitor=done)
    return done


def tick_checklist(*, by, exhibitor: Exhibitor, done: list[str]) -> Exhibitor:
    require(by, "events.act_for_exhibitor", exhibitor)
    if exhibitor.status != BoothStatus.SELECTED:
        raise ValidationError(_("The checklist is for selected co-exhibitors."), code="not_selected")
    keys = [item["key"] for item in exhibitor.booth.checklist]
    unknown = sorted(set(done) - set(keys))
    if unknown:
        raise ValidationError(_("Unknown checklist items: %(items)s.") % {"items": ", ".join(unknown)},
                              code="unknown_items")
    exhibitor.checklist_done = [k for k in keys if k in set(done)]
    save_logged(exhibitor, "events.exhibitor.tick_checklist", by=by, fields=["checklist_done"])
    return exhibitor


def report_fair(*, by, exhibitor: Exhibitor, visitors: int, leads: int, deals: int, report: str = "") -> Exhibitor:
    """Visitors, leads and deals after the fair (the guard `sound_numbers` checks them)."""
    return transition(exhibitor, "report", by=by, visitors=visitors, leads=leads, deals=deals, report=report)


def _clean_checklist(items: list[dict], known: set[str]) -> list[dict]:
    """{"label", "due" (a date or None)} per item; kept items keep their key so ticks stay attached."""
    kept = keep_keys(
        items, known, prefix="item", hint="",
        missing=ValidationError(_("Every checklist item needs a label."), code="label_missing"),
        conflict=ValidationError(_("The checklist was changed by someone else meanwhile; reload the page."),
                                 code="unknown_item"))
    return [{"key": key, "label": label, **({"due": item["due"].isoformat()} if item.get("due") else {})}
            for key, label, item in kept]


BOOTH_FIELDS = ("name", "description", "slots", "cost_share", "applications_close", "kpi_series")


def save_booth(*, by, event=None, booth: Booth | None = None, checklist: list[dict] = (), **fields) -> Booth:
    """Offer a joint booth at a trade fair, or change one: never fewer slots than co-exhibitors selected,
    applications closing before the fair starts."""

    unknown = set(fields) - set(BOOTH_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    event = booth.event if booth is not None else event
    require(by, "events.manage_event", event)
    if event.kind not in FAIRS:
        raise ValidationError(_("Joint booths are offered at trade fairs and career fairs only."), code="not_a_fair")
    with transaction.atomic():
        if booth is None:
            booth = Booth(event=Event.objects.get(pk=event.pk))
        else:
            booth = Booth.objects.select_for_update().select_related("event").get(pk=booth.pk)
        known = {item["key"] for item in booth.checklist}
        for name, value in fields.items():
            setattr(booth, name, value)
        booth.checklist = _clean_checklist(list(checklist), known)
        errors = {}
        if booth.slots is not None and booth.slots < booth.slots_taken:
            errors["slots"] = ValidationError(
                _("There cannot be fewer slots than the %(n)s co-exhibitors already selected.")
                % {"n": booth.slots_taken}, code="slots_below_taken")
        if booth.applications_close and booth.applications_close > booth.event.starts_at:
            errors["applications_close"] = ValidationError(_("Applications must close before the fair starts."),
                                                           code="closes_after_start")
        if errors:
            raise ValidationError(errors)
        if "kpi_series" in fields:
            check_series(booth.kpi_series, BOOTH, booth.event.starts_at)
        booth.full_clean(exclude=["event"])
        if booth.pk is None:
            save_logged(booth, "events.booth.create", by=by)
        else:
            save_logged(booth, "events.booth.update", by=by, fields=[*fields, "checklist"])
    return booth
