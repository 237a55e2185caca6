"""The alumni app's rows of the URL × role access table (merged by tests/access.py).

The world's JETAA New York is an active chapter supported by the New York office; the role "alumnus" has an
alumni record (listed, a member of the chapter) and "chapter_officer" is the chapter's officer without one.
A profile is seen by CLAIR's staff, the alumni and the chapters' officers; a chapter's members by its officers
and CLAIR; the chapter's states are moved by headquarters and the office that supports it."""

from tests.access_roles import ALL, CLAIR, HQ, SIGNED_IN

ALUMNUS = frozenset({"alumnus"})
OFFICER = frozenset({"chapter_officer"})  # New York's, the sample chapter's
OTHER_OFFICER = frozenset({"other_chapter_officer"})  # the United Kingdom's: no more of New York than any officer
CHIYODA = frozenset({"municipality_staff", "municipality_admin"})
POSTERS = CHIYODA | OFFICER | OTHER_OFFICER | {"other_municipality_staff", "prefecture_staff"}

PERMISSION_ROLES = {
    "alumni.view_chapters": ALL,
    "alumni.view_chapter": ALL,
    "alumni.join_network": SIGNED_IN - ALUMNUS,
    "alumni.edit_profile": ALUMNUS,
    "alumni.use_directory": CLAIR | ALUMNUS | OFFICER | OTHER_OFFICER,
    "alumni.view_alumnus": CLAIR | ALUMNUS | OFFICER | OTHER_OFFICER,
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
    "alumni.view_jobs": SIGNED_IN,
    "alumni.post_job": HQ | POSTERS,
    "alumni.view_job": SIGNED_IN,
    "alumni.manage_job": HQ | CHIYODA,
    # participants in the programme (the sample participant, arrived), alumni, officers and CLAIR
    "alumni.view_mentors": CLAIR | ALUMNUS | OFFICER | OTHER_OFFICER | {"jet"},
    "alumni.offer_mentoring": ALUMNUS | {"superuser"},
    "alumni.ask_mentor": frozenset({"jet"}),
    "alumni.view_own_mentoring": SIGNED_IN,
    "alumni.view_mentoring": HQ | ALUMNUS | {"jet"},
    "alumni.answer_mentoring": ALUMNUS,  # the mentor
    "alumni.withdraw_mentoring": frozenset({"jet"}),  # the participant who asked
    "alumni.end_mentoring": ALUMNUS | {"jet"},
    "alumni.delete_alumnus": HQ,
}


def _network(w):
    """The chapter and the alumnus's record, a member of it."""
    from kizuna.alumni.models import Alumnus
    from tests.alumni.conftest import alumnus, chapter_for

    chapter = chapter_for(w)
    record = Alumnus.objects.filter(person=w.people["alumnus"]).first()
    if record is None:
        from tests.alumni.conftest import with_photo

        record = alumnus(w, "Daniel Brooks", person=w.people["alumnus"], chapter=chapter, employer="JETRO",
                         photo_visibility="alumni")
        record = with_photo(record)
    return chapter, record


def _with_bylaws(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kizuna.alumni.services import set_bylaws

    chapter, _record = _network(w)
    if not chapter.bylaws:
        chapter = set_bylaws(by=w.people["hq_staff"], chapter=chapter, upload=SimpleUploadedFile(
            "bylaws.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"))
    return chapter


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


def _job(w):
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.alumni import board
    from kizuna.alumni.models import JobPosting

    return JobPosting.objects.filter(title="千代田区 国際交流員").first() or board.post_job(
        by=w.people["municipality_staff"], organisation=w.chiyoda, kind="job", title="千代田区 国際交流員",
        description="区の多言語広報", place="千代田区", apply_url="https://www.city.chiyoda.lg.jp/",
        contact_email="", expires_on=timezone.localdate() + timedelta(days=30))


def _mentor(w):
    from kizuna.alumni import board
    from kizuna.alumni.models import Mentor
    from tests.jet.access import _arrived, _participant

    _arrived(w, _participant(w))
    _network(w)
    return Mentor.objects.first() or board.offer_mentoring(by=w.people["alumnus"], topics="Careers in Japan",
                                                           languages="English, 日本語")


def _mentoring(w):
    from kizuna.alumni import board
    from kizuna.alumni.models import MentoringRequest

    mentor = _mentor(w)
    return MentoringRequest.objects.first() or board.ask_mentor(by=w.people["jet"], mentor=mentor,
                                                                message="I would like to work in Japan.")


def _arranged_participant(w, role):
    _mentor(w)
    return {}


SAMPLES = {
    "api:alumni_chapters": _arranged,
    "api:alumni_directory": _arranged,
    "api:alumni_chapter_members": lambda w, role: {"chapter_id": _network(w)[0].pk},
    "alumni:index": _arranged,
    "alumni:join": _arranged,
    "alumni:me": _arranged,
    "alumni:my_data": _arranged,
    "alumni:my_photo": _arranged,
    "alumni:photo": lambda w, role: {"pk": _network(w)[1].pk},
    "alumni:my_step": lambda w, role: {**_arranged(w, role), "action": "withdraw"},
    "alumni:directory": _arranged,
    "alumni:profile": lambda w, role: {"pk": _network(w)[1].pk},
    "alumni:appoint": lambda w, role: {"pk": _network(w)[1].pk},
    "alumni:international": _arranged,
    "alumni:chapters": _arranged,
    "alumni:chapter": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_members": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_members_csv": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_edit": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_bylaws": lambda w, role: {"pk": _with_bylaws(w).pk},
    "alumni:chapter_mail": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_join": lambda w, role: {"pk": _network(w)[0].pk},
    "alumni:chapter_step": lambda w, role: {"pk": _network(w)[0].pk, "action": "lapse"},
    "alumni:chapter_leave": lambda w, role: {"pk": _network(w)[1].chapter_memberships.get().pk},
    "alumni:deletion_requests": _arranged,
    "alumni:jobs": _arranged,
    "alumni:job_create": _arranged,
    "alumni:job": lambda w, role: {"pk": _job(w).pk},
    "alumni:job_close": lambda w, role: {"pk": _job(w).pk},
    "alumni:mentors": _arranged_participant,
    "alumni:mentor_offer": _arranged,
    "alumni:mentor_ask": lambda w, role: {"pk": _mentor(w).pk},
    "alumni:mentoring": _arranged_participant,
    "alumni:mentoring_answer": lambda w, role: {"pk": _mentoring(w).pk, "action": "decline"},
    "alumni:mentoring_withdraw": lambda w, role: {"pk": _mentoring(w).pk},
    "alumni:mentoring_end": lambda w, role: {"pk": _mentoring(w).pk},
    "api:alumni_jobs": _arranged,
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
    _job(w)
    _mentoring(w)


MIXED = [_mixed]
