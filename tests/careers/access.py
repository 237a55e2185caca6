"""The careers app's rows of the URL × role access table (merged by tests/access.py).

The sample offer is Chiyoda's, open for applications; the sample application is the sample JET participant's
(at Chiyoda, arrived) to it. An application is the participant's and the offering organisation's business (and
headquarters'): not that of the participant's PA or of another local government."""

from tests.access_roles import HQ, SIGNED_IN

CHIYODA = frozenset({"municipality_staff", "municipality_admin"})
PARTICIPANT = frozenset({"jet"})

PERMISSION_ROLES = {
    "careers.view_offers": SIGNED_IN,
    "careers.view_own_applications": SIGNED_IN,
    "careers.create_offer": CHIYODA | {"other_municipality_staff", "prefecture_staff", "superuser"},
    "careers.view_offer": SIGNED_IN,
    "careers.manage_offer": CHIYODA | HQ,
    "careers.apply": PARTICIPANT,
    "careers.view_application": PARTICIPANT | CHIYODA | HQ,
    "careers.decide_application": CHIYODA | HQ,
    "careers.answer_offer": PARTICIPANT,
}


def _offer(w):
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.careers import services
    from kizuna.careers.models import Offer

    found = Offer.objects.filter(title="千代田区国際課インターンシップ").first()
    if found:
        return found
    today = timezone.localdate()
    offer = services.save_offer(by=w.people["municipality_staff"], organisation=w.chiyoda,
                                title="千代田区国際課インターンシップ", description="多言語の案内を作る",
                                place="千代田区", starts_on=today + timedelta(days=40),
                                ends_on=today + timedelta(days=44), places=2, languages="日本語",
                                apply_by=timezone.now() + timedelta(days=20))
    return services.publish_offer(by=w.people["municipality_staff"], offer=offer)


def _application(w):
    from kizuna.careers import services
    from kizuna.careers.models import Application
    from tests.jet.access import _arrived, _participant

    offer = _offer(w)
    found = Application.objects.filter(offer=offer).first()
    if found:
        return found
    _arrived(w, _participant(w))
    return services.apply(by=w.people["jet"], offer=offer, motivation="国際交流の仕事を学びたい")


def _arranged_participant(w, role):
    from tests.jet.access import _arrived, _participant

    _arrived(w, _participant(w))
    return {}


SAMPLES = {
    "careers:offers": _arranged_participant,
    "careers:offer": lambda w, role: {"pk": _offer(w).pk},
    "careers:offer_edit": lambda w, role: {"pk": _offer(w).pk},
    "careers:offer_publish": lambda w, role: {"pk": _offer(w).pk},
    "careers:offer_close": lambda w, role: {"pk": _offer(w).pk},
    "careers:apply": lambda w, role: {**_arranged_participant(w, role), "pk": _offer(w).pk},
    "careers:application": lambda w, role: {"pk": _application(w).pk},
    "careers:application_decide": lambda w, role: {"pk": _application(w).pk, "action": "shortlist"},
    "careers:application_answer": lambda w, role: {"pk": _application(w).pk, "action": "withdraw"},
}


def _mixed(w):
    """Offers of Chiyoda (open, with the sample participant's application, and a draft) and of Minato (open),
    and a company's closed one; applications in several states."""
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.careers import services
    from tests.jet.access import _arrived

    from ..jet.conftest import place

    minato_staff = w.people["other_municipality_staff"]
    application = _application(w)
    services.shortlist(by=w.people["municipality_staff"], application=application)
    today = timezone.localdate()
    window = {"description": "案内", "place": "港区", "starts_on": today + timedelta(days=40),
              "ends_on": today + timedelta(days=41), "places": 1, "languages": "",
              "apply_by": timezone.now() + timedelta(days=20)}
    services.save_offer(by=w.people["municipality_staff"], organisation=w.chiyoda, title="千代田区の下書き", **window)
    minato = services.publish_offer(by=minato_staff, offer=services.save_offer(
        by=minato_staff, organisation=w.minato, title="港区のインターンシップ", **window))
    services.apply(by=w.people["jet"], offer=minato, motivation="港区で学びたい")
    _arrived(w, place(w, jet_number="20260000091", person=w.people["former_member"], family_name="Okafor"))
    applied = services.apply(by=w.people["former_member"], offer=minato, motivation="観光の仕事")
    services.offer_place(by=minato_staff, application=applied)
    services.accept(by=w.people["former_member"], application=applied)


MIXED = [_mixed]
