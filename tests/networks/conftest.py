"""Arrangements of the networks tests, all written through the services: a manager training that ended (with
Chiyoda's staff member and the association's staff member checked in, Minato's registered but absent), managers
listed and unlisted, the Tokyo association's entry, NGOs listed and unlisted, and consultations in each state."""

from datetime import date, timedelta

from django.utils import timezone

from kizuna.core.enums import OrgKind, Role
from kizuna.events.services import check_in, register
from kizuna.networks import services
from kizuna.networks.models import AssociationProfile, Consultation, Manager, NgoProfile
from tests.events.factories import EventFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, arrange_update


def training(w, title="多文化共生マネージャー養成研修"):
    """A training that gives a certificate, ended yesterday: two completers and one who did not come."""
    from kizuna.events.models import Event

    found = Event.objects.filter(title=title).first()
    if found is not None:
        return found
    event = EventFactory(organiser=w.hq, kind="training", title=title, gives_certificate=True, capacity=40)
    for role in ("municipality_staff", "association_staff", "other_municipality_staff"):
        person = w.people[role]
        organisation = {"municipality_staff": w.chiyoda, "association_staff": w.association,
                        "other_municipality_staff": w.minato}[role]
        registration = register(by=person, event=event, organisation=organisation)
        if role != "other_municipality_staff":
            check_in(by=w.people["hq_staff"], event=event, code=registration.code)
    ended = timezone.now() - timedelta(days=1)
    arrange_update(Event.objects.filter(pk=event.pk), starts_at=ended - timedelta(days=2), ends_at=ended,
                   closes_at=ended - timedelta(days=3))
    event.refresh_from_db()
    return event


def manager(w, name="北村 直子", kana="きたむら なおこ", romaji="Kitamura Naoko", prefecture=None, listed=True,
            network=False, fields=("disaster",), year=2022):
    found = Manager.objects.filter(name=name).first()
    if found is not None:
        return found
    m = services.add_manager(by=w.people["hq_staff"], name=name, name_kana=kana, name_romaji=romaji,
                             prefecture=prefecture or w.tokyo, affiliation="北区国際交流課", certified_year=year,
                             certified_on=date(year + 1, 2, 1), fields=list(fields),
                             email=f"{romaji.replace(' ', '').lower()}@example.jp")
    return services.set_consent(by=w.people["hq_staff"], manager=m, listed=listed, network=network)


def association(w):
    found = AssociationProfile.objects.filter(organisation=w.association).first()
    return found or services.add_association(by=w.people["hq_staff"], organisation=w.association,
                                             recognised_on=date(1991, 3, 29), area=w.tokyo,
                                             fields=["multilingual", "participation"], phone="03-0000-0000",
                                             email="info@example.jp", address="東京都千代田区", is_listed=True)


def ngo_staff(w):
    """The staff member of the NGO 多文化ネット (made once)."""
    found = getattr(w, "ngo_person", None)
    if found is None:
        org = OrganisationFactory(kind=OrgKind.NGO, name="NPO法人 多文化ネット", name_kana="たぶんかねっと",
                                  name_en="Tabunka Net", prefecture=w.tokyo)
        found = UserFactory(email="ngo-staff@example.jp", full_name="Ngo Staff")
        MembershipFactory(person=found, organisation=org, role=Role.STAFF)
        w.ngo_person, w.ngo_org = found, org
    return found


def ngo(w, name="NPO法人 災害多言語支援センター", kana="さいがいたげんごしえんせんたー", listed=True,
        regions=("kanto",),
        fields=("disaster",), languages=("ja", "en", "vi")):
    found = NgoProfile.objects.filter(organisation__name=name).first()
    return found or services.register_ngo(
        by=w.people["hq_staff"], name=name, name_kana=kana, name_en="", prefecture=w.tokyo, regions=list(regions),
        fields=list(fields), languages=list(languages), activities="災害時の多言語支援。", is_listed=listed)


def consultation(w, status="received", subject=None):
    subject = subject or f"相談 {status}"
    found = Consultation.objects.filter(subject=subject).first()
    if found is not None:
        return found
    by = w.people["hq_staff"]
    case = services.record_consultation(by=by, subject=subject, question="防災訓練の事例を教えてください。",
                                        channel="email", received_on=timezone.localdate(), asker_name="市民",
                                        asker_contact="", ngo=None, field="disaster")
    if status == "received":
        return case
    case = services.take_consultation(by=by, consultation=case)
    if status == "in_progress":
        return case
    if status == "closed":
        return services.close_consultation(by=by, consultation=case)
    return services.answer_consultation(by=by, consultation=case, answer="事例集をお送りしました。")
