"""Who may do what with events. One permission per action; pages, API and templates ask for the same name."""

import rules

from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, Role
from kizuna.core.rules import (
    everyone,
    has_role,
    is_authenticated,
    is_clair_staff,
    is_hq_staff,
    is_local_government_staff,
    is_working_member,
    working_orgs,
)

from .enums import Audience


def may_attend(person, event) -> bool:
    """The event's audience rule for one person (also used by the services for colleagues)."""
    if event is None or person is None or not person.is_authenticated:
        return False
    if event.audience == Audience.LOCAL_GOVERNMENT:
        return bool(is_local_government_staff(person))
    if event.audience == Audience.JET:
        return bool(has_role(person, Role.JET))
    if event.audience == Audience.INVITED:
        return event.invitees.filter(pk=person.pk).exists()
    return True


@rules.predicate
def is_eligible(user, event) -> bool:
    return may_attend(user, event)


@rules.predicate
def is_organiser_staff(user, event) -> bool:
    return event is not None and bool(is_working_member(user, event.organiser))


@rules.predicate
def is_own_registration(user, registration) -> bool:
    return registration is not None and registration.person_id == user.pk


@rules.predicate
def registered_it(user, registration) -> bool:
    return registration is not None and registration.registered_by_id == user.pk


@rules.predicate
def manages_registration_event(user, registration) -> bool:
    return registration is not None and bool(is_organiser_staff(user, registration.event))


@rules.predicate
def may_exhibit(user, booth) -> bool:
    """Works for a local government (the co-exhibitors of a joint booth)."""
    return booth is not None and bool(working_orgs(user, LOCAL_GOVERNMENT_KINDS))


@rules.predicate
def acts_for_exhibitor(user, exhibitor) -> bool:
    return exhibitor is not None and bool(is_working_member(user, exhibitor.organisation))


@rules.predicate
def manages_booth_event(user, obj) -> bool:
    booth = getattr(obj, "booth", obj)
    return booth is not None and bool(is_organiser_staff(user, booth.event))


@rules.predicate
def offer_has_lapsed(user, registration) -> bool:
    from django.utils import timezone

    return registration is not None and registration.offer_expires_at is not None and (
        registration.offer_expires_at <= timezone.now())


rules.add_perm("events.view_events", everyone)
rules.add_perm("events.view_event", everyone)
rules.add_perm("events.download_calendar", everyone)
rules.add_perm("events.export_open_data", everyone)
rules.add_perm("events.add_event", is_clair_staff)
rules.add_perm("events.manage_event", is_organiser_staff | is_hq_staff)
rules.add_perm("events.register", is_authenticated & is_eligible)
rules.add_perm("events.register_colleagues", is_authenticated & is_working_member)
rules.add_perm("events.view_own_registrations", is_authenticated)
rules.add_perm("events.view_registration", is_own_registration | registered_it | manages_registration_event
               | is_hq_staff)
rules.add_perm("events.cancel_registration", is_own_registration | registered_it | manages_registration_event
               | is_hq_staff)
rules.add_perm("events.decide_registration", manages_registration_event | is_hq_staff)
rules.add_perm("events.accept_offer", is_own_registration)
# System steps: the services call them when a seat frees (anyone's action may free one) or when time is up.
rules.add_perm("events.promote_waiting", everyone)
rules.add_perm("events.lapse_offer", offer_has_lapsed)
rules.add_perm("events.run_draw", is_organiser_staff | is_hq_staff)
rules.add_perm("events.answer_survey", is_own_registration)
rules.add_perm("events.download_certificate", is_own_registration | manages_registration_event | is_hq_staff)
rules.add_perm("events.verify_certificate", everyone)
rules.add_perm("events.view_booth", everyone)
rules.add_perm("events.apply_for_booth", may_exhibit)
rules.add_perm("events.view_exhibitor", acts_for_exhibitor | is_clair_staff)
rules.add_perm("events.act_for_exhibitor", acts_for_exhibitor)
rules.add_perm("events.select_exhibitors", manages_booth_event | is_hq_staff)
rules.add_perm("events.manage_booth", manages_booth_event | is_hq_staff)
rules.add_perm("events.check_in", is_organiser_staff | is_hq_staff)
