"""The events app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import ALL, CLAIR, HQ, SIGNED_IN

REGISTRANT = frozenset({"municipality_staff"})
CHIYODA_WORKERS = frozenset({"municipality_staff", "municipality_admin"})
# People who work for a prefecture or municipality (an association's staff do not exhibit; a former member no
# longer works for Chiyoda).
LOCAL_GOVERNMENT_WORKERS = CHIYODA_WORKERS | {"other_municipality_staff", "prefecture_staff"}

PERMISSION_ROLES = {
    "events.view_events": ALL,
    "events.view_event": ALL,
    "events.download_calendar": ALL,
    "events.export_open_data": ALL,
    # On the sample event: HQ's published public seminar open to anyone (signed in).
    "events.register": SIGNED_IN,
    # Registering without an account, and the signed links of those registrations: the link decides.
    "events.register_as_guest": ALL,
    "events.use_registration_link": ALL,
    "events.view_own_registrations": SIGNED_IN,
    "events.manage_event": HQ,
    # The sample event is co-organised by Tokyo prefecture: its staff see the roster.
    "events.view_roster": HQ | {"prefecture_staff"},
    "events.manage_materials": HQ,
    # The sample material is shared before the event: the organisers, the co-organiser's staff and the person
    # holding a seat (Chiyoda's staff member) see it.
    "events.view_material": HQ | {"prefecture_staff", "municipality_staff"},
    # The file Chiyoda's staff member gave in answer on the sample registration: theirs, the organisers' and the
    # co-organiser's staff (who see the roster).
    "events.view_answer_file": REGISTRANT | HQ | {"prefecture_staff"},
    "events.add_event": CLAIR | {"chapter_officer", "other_chapter_officer"},
    "events.check_in": HQ,
    # Mail to the sample event's registrants: its organisers (the co-organiser's staff see the roster only).
    "events.mail_registrants": HQ,
    "events.view_event_mail": HQ,
    "events.change_event_mail": HQ,
    "events.send_event_mail": HQ,
    # On the sample registration: Chiyoda's staff member's own, for HQ's event. Superusers hold what the policy
    # gives them: they organise (HQ) but are not the person registered.
    "events.view_registration": REGISTRANT | HQ,
    "events.cancel_registration": REGISTRANT | HQ,
    "events.accept_offer": REGISTRANT,
    "events.decide_registration": HQ,
    "events.run_draw": HQ,
    "events.answer_survey": REGISTRANT,
    "events.download_certificate": REGISTRANT | HQ,
    "events.verify_certificate": ALL,
    # On Chiyoda: its working members (superusers act for no organisation here).
    "events.register_colleagues": CHIYODA_WORKERS,
    # On the sample booth (New York office's published public fair) and Chiyoda's application for it.
    "events.view_booth": ALL,
    "events.apply_for_booth": LOCAL_GOVERNMENT_WORKERS,
    "events.view_exhibitor": CHIYODA_WORKERS | CLAIR,
    "events.act_for_exhibitor": CHIYODA_WORKERS,
    "events.select_exhibitors": frozenset({"office_staff"}) | HQ,
    # Leads at the sample booth where Chiyoda was selected: its working members scan and see them.
    "events.capture_leads": CHIYODA_WORKERS,
    "events.view_leads": CHIYODA_WORKERS,
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
    event.co_organisers.add(w.tokyo)
    person = w.people["municipality_staff"]
    registration = (Registration.objects.filter(event=event, person=person).first()
                    or register(by=person, event=event))
    return {"event": event, "registration": registration}


def _event(w, role):
    return {"pk": _sample(w)["event"].pk}


def _material(w, role):
    from kizuna.events.models import Material
    from kizuna.events.services import after

    event = _sample(w)["event"]
    found = Material.objects.filter(event=event, title="sample").first() or after.add_material(
        by=w.people["hq_staff"], event=event, title="sample", kind="recording", url="https://video.example.jp/x",
        before_the_event=True)
    return {"pk": found.pk}


def _webinar(w):
    """HQ's public webinar that takes registrations without an account, and one made so."""
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.events import links
    from kizuna.events.models import Event, Registration
    from kizuna.events.services import guests

    now = timezone.now()
    event, _ = Event.objects.get_or_create(title="sample webinar", defaults={
        "organiser": w.hq, "kind": "seminar", "format": "online", "starts_at": now + timedelta(days=7),
        "ends_at": now + timedelta(days=7, hours=1), "is_published": True, "guests_may_register": True,
        "capacity": 1})
    token = links.request_token(event.pk, {"n": "Guest", "m": "guest@example.org", "l": "en", "a": "", "q": {},
                                           "s": []})
    registration = (Registration.objects.filter(event=event, by_link=True).first()
                    or guests.confirm(event=event, token=token))
    return event, token, registration


def _guest_link(w, role):
    _event, _token, registration = _webinar(w)
    from kizuna.events import links

    return {"pk": registration.pk, "token": links.registration_token(registration)}


def _mail(w, role):
    from kizuna.events.models import EventMail
    from kizuna.events.services import mailing

    event = _sample(w)["event"]
    found = EventMail.objects.filter(event=event).first() or mailing.save_mail(
        by=w.people["hq_staff"], event=event, group="confirmed", subject="sample", body="{name}")
    return {"pk": found.pk}


def _answer_file(w, role):
    from django.core.files.base import ContentFile

    from kizuna.events.models import AnswerFile

    registration = _sample(w)["registration"]
    found = AnswerFile.objects.filter(registration=registration).first()
    if found is None:
        found = AnswerFile(registration=registration, question="cv", name="sample.pdf", content_type="application/pdf",
                           size=9)
        found.file.save("sample.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        found.save()
    return {"pk": found.pk}


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


def _selected(w, role):
    """Chiyoda, selected for a second booth at the sample fair (where it scans visitors' codes)."""
    from kizuna.events.models import Booth, Exhibitor

    booth, _exhibitor = _booth(w)
    second, _ = Booth.objects.get_or_create(event=booth.event, name="sample booth 2", defaults={
        "slots": 3, "slots_taken": 1, "applications_close": booth.applications_close})
    exhibitor, _ = Exhibitor.objects.get_or_create(booth=second, organisation=w.chiyoda, defaults={
        "exhibits": "日本酒", "status": "selected", "created_by": w.people["municipality_staff"]})
    return {"pk": exhibitor.pk}


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
    "events:exhibitor_leads": _selected,
    "events:exhibitor_leads_csv": _selected,
    "api:events_leads": lambda w, role: {"exhibitor_id": _selected(w, role)["pk"]},
    **{f"events:{name}": _event for name in ("edit", "sessions", "questions", "invitees", "co_organisers",
                                             "copy", "booth_create")},
    "events:session": _session,
    "events:lottery": _event,
    "events:attendance": _event,
    "events:survey_summary": _event,
    "events:colleagues": lambda w, role: {**_event(w, role), "org_pk": w.chiyoda.pk},
    "events:verify": _certificate,
    "events:survey": _registration,
    "events:certificate": _registration,
    "events:event": _event,
    "events:mails": _event,
    **{f"events:{name}": _mail for name in ("mail", "mail_send", "mail_copy")},
    "api:events_mails": lambda w, role: {"event_id": _sample(w)["event"].pk},
    "api:events_send_mail": lambda w, role: {"mail_id": _mail(w, role)["pk"]},
    "events:guest_register": lambda w, role: {"pk": _webinar(w)[0].pk},
    "events:guest_confirm": lambda w, role: {"pk": _webinar(w)[0].pk, "token": _webinar(w)[1]},
    **{f"events:guest_{name}": _guest_link for name in ("registration", "cancel", "accept")},
    "events:event_ics": _event,
    "events:register": _event,
    "events:roster": _event,
    "events:materials": _event,
    "events:material": _material,
    "events:answer_file": _answer_file,
    **{f"events:{name}": _event for name in ("roster_xlsx", "roster_csv", "roster_pdf", "badges", "table_cards")},
    "events:check_in": _event,
    "events:registration": _registration,
    "events:registration_qr": _registration,
    "events:cancel": _registration,
    "events:accept": _registration,
    "events:approve": _registration,
    "events:decline": _registration,
    "api:events_check_in": lambda w, role: {"event_id": _sample(w)["event"].pk},
    "api:events_roster": lambda w, role: {"event_id": _sample(w)["event"].pk},
    "api:events_register_as_guest": lambda w, role: {"event_id": _webinar(w)[0].pk},
    "api:events_register": lambda w, role: {"event_id": _sample(w)["event"].pk},
}


def _mixed(w):
    """Events records of several owners: HQ's public seminar (three people from three organisations, one with a
    session), the New York office's invitation-only event (an offer after a cancellation), a Tokyo branch draft,
    HQ's local-government training by approval (colleagues registered by Chiyoda's admin, one declined; two
    attendees from Minato and Tokyo who answered the survey and got certificates), a JET training with sessions,
    two draws (Tokyo branch: three applicants for one seat; New York: nobody), the sample fair with Chiyoda
    (selected) and Minato (applied), and HQ's private fair where Tokyo applied as an invitee."""
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.events import services
    from kizuna.events.models import Event, Registration
    from kizuna.events.services import after, booths
    from kizuna.events.services import events as event_services
    from tests.factories import arrange_update

    p = w.people
    now = timezone.now()

    def make(by, organiser, title, days=7, **fields):
        start = now + timedelta(days=days)
        return event_services.create_event(by=p[by], organiser=organiser, title=title, format="on_site",
                                           kind=fields.pop("kind", "seminar"), starts_at=start,
                                           ends_at=start + timedelta(hours=3),
                                           is_published=fields.pop("is_published", True), **fields)

    def close(event):
        arrange_update(Event.objects.filter(pk=event.pk), closes_at=now - timedelta(minutes=1))
        event.refresh_from_db()
        return event

    public = _sample(w)["event"]
    event_services.save_session(by=p["hq_staff"], event=public, title="午前", starts_at=public.starts_at,
                                ends_at=public.ends_at)
    services.register(by=p["other_municipality_staff"], event=public)
    services.register(by=p["association_staff"], event=public)

    invited = make("office_staff", w.nyc, "NY招待制セミナー", audience="invited", is_public=False, capacity=1)
    event_services.add_invitees(by=p["office_staff"], event=invited, emails=["alumnus@example.jp", "jet@example.jp"])
    first = services.register(by=p["alumnus"], event=invited)
    services.register(by=p["jet"], event=invited)  # waits
    services.cancel_registration(by=p["alumnus"], registration=first)  # the seat is offered to the JET

    _material(w, "hq_staff")  # shared before the event
    _answer_file(w, "hq_staff")
    after.add_material(by=p["hq_staff"], event=public, title="当日の録画", kind="recording",
                       url="https://video.example.jp/later")  # shown once the event has ended
    draft = make("branch_staff", w.tokyo_branch, "準備中の研修", audience="local_government", is_published=False)
    event_services.add_co_organiser(by=p["branch_staff"], event=draft, organisation=w.chiyoda)  # sees the draft

    training = make("hq_staff", w.hq, "自治体職員研修", audience="local_government", mode="approval",
                    gives_certificate=True, survey_questions=[{"key": "c", "label": "ご意見", "kind": "text"}])
    colleague, = services.register_colleagues(by=p["municipality_admin"], event=training, organisation=w.chiyoda,
                                              people=[p["municipality_staff"]])
    services.decline_registration(by=p["hq_staff"], registration=colleague)
    for role in ("other_municipality_staff", "prefecture_staff"):
        registration = services.approve_registration(by=p["hq_staff"],
                                                     registration=services.register(by=p[role], event=training))
        services.check_in(by=p["hq_staff"], event=training, code=registration.code)
        registration = Registration.objects.get(pk=registration.pk)
        after.answer_survey(by=p[role], registration=registration, satisfaction=4, answers={"c": role})
        after.issue_certificate(by=p[role], registration=registration)

    jet_training = make("branch_staff", w.tokyo_branch, "JET研修", kind="training", audience="jet")
    event_services.save_session(by=p["branch_staff"], event=jet_training, title="1日目",
                                starts_at=jet_training.starts_at, ends_at=jet_training.ends_at)
    services.register(by=p["jet"], event=jet_training)

    lottery = make("branch_staff", w.tokyo_branch, "抽選研修", kind="training", mode="lottery", capacity=1)
    for role in ("municipality_staff", "other_municipality_staff", "pa"):
        services.register(by=p[role], event=lottery)
    services.run_draw(by=p["branch_staff"], event=close(lottery), seed="mixed")
    services.run_draw(by=p["office_staff"], event=close(make("office_staff", w.nyc, "NY抽選", mode="lottery")))

    booth, chiyoda = _booth(w)
    booths.apply_for_booth(by=p["other_municipality_staff"], booth=booth, organisation=w.minato, exhibits="工芸品")
    booths.select_exhibitor(by=p["office_staff"], exhibitor=chiyoda)
    private_fair = make("hq_staff", w.hq, "非公開見本市", days=40, kind="trade_fair", audience="invited",
                        is_public=False)
    event_services.add_invitees(by=p["hq_staff"], event=private_fair, emails=["prefecture_staff@example.jp"])
    private_booth = booths.save_booth(by=p["hq_staff"], event=private_fair, name="非公開ブース", slots=2,
                                      applications_close=now + timedelta(days=10))
    booths.apply_for_booth(by=p["prefecture_staff"], booth=private_booth, organisation=w.tokyo, exhibits="特産品")

    # Mail to registrants: HQ's to the training (sent: its send-out list), the New York office's draft.
    from kizuna.events.services import leads, mailing

    sent = mailing.save_mail(by=p["hq_staff"], event=training, group="confirmed", subject="研修のご案内",
                             body="{name} 様")
    mailing.send(by=p["hq_staff"], mail=sent)
    mailing.save_mail(by=p["office_staff"], event=booth.event, group="all", subject="Fair", body="{name}")
    # A lead: a visitor to New York's fair scanned at Chiyoda's slot.
    visitor = services.register(by=p["jet"], event=booth.event)
    leads.capture_lead(by=p["municipality_staff"], exhibitor=type(chiyoda).objects.get(pk=chiyoda.pk),
                       code=visitor.code, note="和菓子")


MIXED = [_mixed]
LISTS_WITH_ARGUMENTS = {"events:roster", "events:attendance", "events:survey_summary", "events:lottery",
                        "events:invitees", "events:event", "events:booth"}
