"""The alumni app's rows of the URL × role access table (merged by tests/access.py).

The world's JETAA New York is an active chapter supported by the New York office; the role "alumnus" has an
alumni record (listed, a member of the chapter) and "chapter_officer" is the chapter's officer without one.
A profile is seen by CLAIR's staff, the alumni and the chapters' officers; a chapter's members by its officers
and CLAIR; the chapter's states are moved by headquarters and the office that supports it."""

from tests.access_roles import ALL, CLAIR, HQ, SIGNED_IN

ALUMNUS = frozenset({"alumnus"})
OFFICER = frozenset({"chapter_officer"})

PERMISSION_ROLES = {
    "alumni.view_chapters": ALL,
    "alumni.view_chapter": ALL,
    "alumni.join_network": SIGNED_IN - ALUMNUS,
    "alumni.edit_profile": ALUMNUS,
    "alumni.use_directory": CLAIR | ALUMNUS | OFFICER,
    "alumni.view_alumnus": CLAIR | ALUMNUS | OFFICER,
    "alumni.view_members": CLAIR | OFFICER,
    "alumni.edit_chapter": HQ | OFFICER,
    "alumni.mail_members": OFFICER,
    "alumni.join_chapter": ALUMNUS,
    "alumni.leave_chapter": ALUMNUS,
    "alumni.manage_chapter": HQ | {"office_staff"},
    "alumni.view_deletion_requests": HQ,
    "alumni.add_alumnus": HQ,
    "alumni.merge_alumni": HQ,
    "alumni.manage_representatives": HQ,
    "alumni.delete_alumnus": HQ,
}


def _network(w):
    """The chapter and the alumnus's record, a member of it."""
    from kizuna.alumni.models import Alumnus
    from tests.alumni.conftest import alumnus, chapter_for

    chapter = chapter_for(w)
    record = Alumnus.objects.filter(person=w.people["alumnus"]).first() or alumnus(
        w, "Daniel Brooks", person=w.people["alumnus"], chapter=chapter, employer="JETRO")
    return chapter, record


def _arranged(w, role):
    _network(w)
    return {}


def _asked_deletion(w):
    from kizuna.alumni.models import Alumnus
    from kizuna.alumni.services import request_deletion
    from tests.alumni.conftest import alumnus

    found = Alumnus.objects.filter(full_name="Asked Deletion").first()
    if found:
        return found
    person = w.people["former_participant"]
    record = alumnus(w, "Asked Deletion", person=person)
    return request_deletion(by=person, alumnus=record)


def _duplicate(w):
    """Two records of one "Sam Doe" born on the same day with the same years (the second imported later)."""
    from datetime import date

    from kizuna.alumni.models import PossibleDuplicate
    from kizuna.core.audit import create_logged

    found = PossibleDuplicate.objects.filter(resolution="").first()
    if found:
        return found
    from tests.alumni.conftest import alumnus

    first = alumnus(w, "Sam Doe", birth_date=date(1990, 1, 1))
    second = alumnus(w, "Sam Doe", birth_date=date(1990, 1, 1))
    return create_logged(PossibleDuplicate, "alumni.possibleduplicate.create", by=w.people["hq_staff"],
                         alumnus=second, other=first)


SAMPLES = {
    "api:alumni_chapters": _arranged,
    "api:alumni_directory": _arranged,
    "api:alumni_chapter_members": lambda w, role: {"chapter_id": _network(w)[0].pk},
    "alumni:index": _arranged,
    "alumni:join": _arranged,
    "alumni:me": _arranged,
    "alumni:my_data": _arranged,
    "alumni:my_step": lambda w, role: {**_arranged(w, role), "action": "withdraw"},
    "alumni:directory": _arranged,
    "alumni:profile": lambda w, role: {"pk": _network(w)[1].pk},
    "alumni:appoint": lambda w, role: {"pk": _network(w)[1].pk},
    "alumni:international": _arranged,
    "alumni:chapters": _arranged,
    "alumni:chapter": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_members": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_edit": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_mail": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_join": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_step": lambda w, role: {"pk": _network(w)[0].pk, "action": "lapse"},
    "alumni:chapter_leave": lambda w, role: {"pk": _network(w)[1].chapter_memberships.get().pk},
    "alumni:deletion_requests": _arranged,
    "alumni:import": _arranged,
    "alumni:duplicates": _arranged,
    "alumni:duplicate_resolve": lambda w, role: {"pk": _duplicate(w).pk, "action": "distinct"},
    "alumni:delete": lambda w, role: {"pk": _asked_deletion(w).pk},
}


def _mixed(w):
    """Alumni of two chapters with every privacy choice, one withdrawn, one who asked for deletion."""
    from kizuna.core.enums import OrgKind
    from tests.alumni.conftest import alumnus, chapter_for
    from tests.factories import OrganisationFactory

    chapter, _record = _network(w)
    london = chapter_for(w, OrganisationFactory(kind=OrgKind.JETAA_CHAPTER, name="JETAA UK", name_en="JETAA UK"),
                         country="GB", region="europe", supported_by=None)
    for n, visibility in enumerate(("clair", "chapter", "alumni")):
        for place in (chapter, london):
            alumnus(w, f"Member {visibility} {place.country}", chapter=place, employer=f"Employer {n}",
                    city=f"City {n}", email=f"m{n}{place.country.lower()}@example.org",
                    employer_visibility=visibility, city_visibility=visibility, email_visibility=visibility,
                    placements_visibility=visibility)
    from kizuna.alumni.services import withdraw_consent

    hidden = alumnus(w, "Withdrawn Person", person=w.people["other_municipality_staff"], chapter=chapter)
    from kizuna.alumni.services import appoint_representative

    appoint_representative(by=w.people["hq_staff"], alumnus=hidden, country="CA")
    withdraw_consent(by=w.people["other_municipality_staff"], alumnus=hidden)  # their representation is hidden
    appoint_representative(by=w.people["hq_staff"], alumnus=_record, country="US")
    _asked_deletion(w)
    _duplicate(w)


MIXED = [_mixed]
