"""Joint booths: municipalities apply for a slot, staff select (never more than the slots), co-exhibitors tick
their checklist and report visitors, leads and deals after the fair."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.rules import is_working_member
from kizuna.core.workflow import transition

from ..enums import BoothStatus
from ..models import Booth, Exhibitor
from .items import keep_keys


def apply_for_booth(*, by, booth: Booth, organisation, exhibits: str) -> Exhibitor:
    if not (by.has_perm("events.apply_for_booth", booth) and is_working_member(by, organisation)):
        raise PermissionDenied("events.apply_for_booth")
    if booth.applications_close <= timezone.now():
        raise ValidationError(_("Applications for this booth have closed."), code="closed")
    if not exhibits.strip():
        raise ValidationError(_("Say what you will show."), code="exhibits_missing")
    try:
        with transaction.atomic():
            return Exhibitor.objects.create(booth=booth, organisation=organisation, exhibits=exhibits.strip(),
                                            created_by=by)
    except IntegrityError as error:
        raise ValidationError(_("%(org)s has already applied for this booth.") % {"org": organisation},
                              code="already_applied") from error


def select_exhibitor(*, by, exhibitor: Exhibitor) -> Exhibitor:
    with transaction.atomic():
        booth = Booth.objects.select_for_update().get(pk=exhibitor.booth_id)
        if booth.slots_taken >= booth.slots:
            raise ValidationError(_("All %(n)s slots are taken.") % {"n": booth.slots}, code="booth_full")
        done = transition(exhibitor, "select", by=by)
        booth.slots_taken += 1
        booth.save(update_fields=["slots_taken"])
    return done


def reject_exhibitor(*, by, exhibitor: Exhibitor, note: str = "") -> Exhibitor:
    return transition(exhibitor, "reject", by=by, note=note)


def withdraw_exhibitor(*, by, exhibitor: Exhibitor) -> Exhibitor:
    with transaction.atomic():
        booth = Booth.objects.select_for_update().get(pk=exhibitor.booth_id)
        was_selected = Exhibitor.objects.get(pk=exhibitor.pk).status == BoothStatus.SELECTED
        done = transition(exhibitor, "withdraw", by=by)
        if was_selected:
            booth.slots_taken -= 1
            booth.save(update_fields=["slots_taken"])
    return done


def tick_checklist(*, by, exhibitor: Exhibitor, done: list[str]) -> Exhibitor:
    if not by.has_perm("events.act_for_exhibitor", exhibitor):
        raise PermissionDenied("events.act_for_exhibitor")
    if exhibitor.status != BoothStatus.SELECTED:
        raise ValidationError(_("The checklist is for selected co-exhibitors."), code="not_selected")
    keys = [item["key"] for item in exhibitor.booth.checklist]
    unknown = sorted(set(done) - set(keys))
    if unknown:
        raise ValidationError(_("Unknown checklist items: %(items)s.") % {"items": ", ".join(unknown)},
                              code="unknown_items")
    exhibitor.checklist_done = [k for k in keys if k in set(done)]
    exhibitor.save(update_fields=["checklist_done"])
    return exhibitor


def report_fair(*, by, exhibitor: Exhibitor, visitors: int, leads: int, deals: int, report: str = "") -> Exhibitor:
    if min(visitors, leads, deals) < 0 or deals > leads:
        raise ValidationError(_("Numbers must be zero or more, and deals cannot exceed leads."), code="bad_numbers")
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
    from ..enums import EventKind
    from ..models import Event

    unknown = set(fields) - set(BOOTH_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    event = booth.event if booth is not None else event
    if not by.has_perm("events.manage_event", event):
        raise PermissionDenied("events.manage_event")
    if event.kind != EventKind.TRADE_FAIR:
        raise ValidationError(_("Joint booths are offered at trade fairs only."), code="not_a_fair")
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
        booth.full_clean(exclude=["event"])
        booth.save()
    return booth
