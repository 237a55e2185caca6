"""The events app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import ALL, CLAIR, HQ, SIGNED_IN

REGISTRANT = frozenset({"municipality_staff"})

PERMISSION_ROLES = {
    "events.view_events": ALL,
    "events.view_event": ALL,
    "events.download_calendar": ALL,
    "events.export_open_data": ALL,
    # On the sample event: HQ's public seminar open to anyone.
    "events.register": SIGNED_IN,
    "events.view_own_registrations": SIGNED_IN,
    "events.manage_event": HQ,
    "events.add_event": CLAIR,
    "events.check_in": HQ,
    # On the sample registration: Chiyoda's staff member's, for HQ's event.
    "events.view_registration": REGISTRANT | HQ,
    "events.cancel_registration": REGISTRANT | HQ,
    "events.accept_offer": REGISTRANT | {"superuser"},
    "events.decide_registration": HQ,
    "events.run_draw": HQ,
    "events.answer_survey": REGISTRANT | {"superuser"},
    "events.download_certificate": REGISTRANT | HQ,
    "events.verify_certificate": ALL,
    # On Chiyoda: its working members (superusers act for no organisation here).
    "events.register_colleagues": frozenset({"municipality_staff", "municipality_admin"}),
    # On the sample booth (New York office's fair) and Chiyoda's application for it.
    "events.view_booth": ALL,
    "events.apply_for_booth": frozenset({"municipality_staff", "municipality_admin", "superuser"}),
    "events.view_exhibitor": frozenset({"municipality_staff", "municipality_admin"}) | CLAIR,
    "events.act_for_exhibitor": frozenset({"municipality_staff", "municipality_admin", "superuser"}),
    "events.select_exhibitors": frozenset({"office_staff"}) | HQ,
    # Editing the sample booth: the New York office runs the fair.
    "events.manage_booth": frozenset({"office_staff"}) | HQ,
}


def _sample(w):
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.events.models import Event, Registration
    from kizuna.events.services import register

    now = timezone.now()
    event, _ = Event.objects.get_or_create(title="sample", defaults={
        "organiser": w.hq, "kind": "seminar", "format": "hybrid", "starts_at": now + timedelta(days=7),
        "ends_at": now + timedelta(days=7, hours=2), "is_published": True, "online_url": "https://meet.example.jp/x"})
    person = w.people["municipality_staff"]
    registration = (Registration.objects.filter(event=event, person=person).first()
                    or register(by=person, event=event))
    return {"event": event, "registration": registration}


def _event(w, role):
    return {"pk": _sample(w)["event"].pk}


def _registration(w, role):
    return {"pk": _sample(w)["registration"].pk}


def _booth(w):
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.events.models import Booth, Event, Exhibitor

    now = timezone.now()
    fair, _ = Event.objects.get_or_create(title="sample fair", defaults={
        "organiser": w.nyc, "kind": "trade_fair", "format": "on_site", "starts_at": now + timedelta(days=30),
        "ends_at": now + timedelta(days=32), "is_published": True, "venue_timezone": "America/New_York"})
    booth, _ = Booth.objects.get_or_create(event=fair, defaults={
        "name": "sample booth", "slots": 3, "applications_close": now + timedelta(days=10)})
    exhibitor, _ = Exhibitor.objects.get_or_create(booth=booth, organisation=w.chiyoda, defaults={
        "exhibits": "和菓子", "created_by": w.people["municipality_staff"]})
    return booth, exhibitor


def _session(w, role):
    from kizuna.events.models import Session

    event = _sample(w)["event"]
    session, _ = Session.objects.get_or_create(event=event, title="sample session", defaults={
        "starts_at": event.starts_at, "ends_at": event.ends_at})
    return {"pk": event.pk, "session_pk": session.pk}


def _certificate(w, role):
    from kizuna.events.models import Certificate

    found, _ = Certificate.objects.get_or_create(registration=_sample(w)["registration"])
    return {"code": found.code}


SAMPLES = {
    "events:booth": lambda w, role: {"pk": _booth(w)[0].pk},
    "events:booth_apply": lambda w, role: {"pk": _booth(w)[0].pk},
    **{f"events:exhibitor{suffix}": (lambda w, role: {"pk": _booth(w)[1].pk})
       for suffix in ("", "_select", "_reject", "_withdraw", "_checklist", "_report")},
    "events:booth_edit": lambda w, role: {"pk": _booth(w)[0].pk},
    **{f"events:{name}": _event for name in ("edit", "sessions", "questions", "invitees", "booth_create")},
    "events:session": _session,
    "events:lottery": _event,
    "events:attendance": _event,
    "events:survey_summary": _event,
    "events:colleagues": lambda w, role: {**_event(w, role), "org_pk": w.chiyoda.pk},
    "events:verify": _certificate,
    "events:survey": _registration,
    "events:certificate": _registration,
    "events:event": _event,
    "events:event_ics": _event,
    "events:register": _event,
    "events:roster": _event,
    "events:check_in": _event,
    "events:registration": _registration,
    "events:registration_qr": _registration,
    "events:cancel": _registration,
    "events:accept": _registration,
    "events:approve": _registration,
    "events:decline": _registration,
    "api:events_check_in": lambda w, role: {"event_id": _sample(w)["event"].pk},
}
