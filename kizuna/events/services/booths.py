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
