"""The seconded staff's rows of the URL × role access table (merged by tests/access.py).

The sample secondment is the New York office's staff member's, seconded by Chiyoda: headquarters see and manage
it; the person sees their own record; Chiyoda's working members see their person (the home government's page);
another local government (Minato) and everyone else see nothing. The New York office has no administrator in the
world, so nobody but headquarters keeps the records."""

from tests.access_roles import CLAIR, HQ

LOCAL = frozenset({"municipality_staff", "municipality_admin", "other_municipality_staff", "prefecture_staff"})
HOME = frozenset({"municipality_staff", "municipality_admin"})
SELF = frozenset({"office_staff"})

PERMISSION_ROLES = {
    "secondments.view_secondments": CLAIR | LOCAL,
    "secondments.view_curriculum": CLAIR | LOCAL,
    "secondments.view_secondment": HQ | SELF | HOME,
    "secondments.add_secondment": HQ,
    "secondments.manage_secondment": HQ,
    "secondments.keep_records": HQ,
    "secondments.import_tests": HQ,
    "secondments.manage_courses": HQ,
    "secondments.write_report": HQ | SELF,
    "secondments.view_home_people": HQ | HOME,
}


def _secondment(**extra):
    def make(w, role):
        from tests.secondments.conftest import sample

        return {"pk": sample(w).pk, **extra}

    return make


def _posting(w, role):
    from tests.secondments.conftest import sample

    return {"pk": sample(w).postings.first().pk}


def _training(w, role):
    from tests.secondments.conftest import sample

    s = sample(w)
    return {"pk": s.pk, "kind": "training", "record": s.language_trainings.first().pk}


def _field(w, role):
    from tests.secondments.conftest import sample

    return {"pk": sample(w).field_trainings.first().pk}


def _course(w, role):
    from tests.secondments.conftest import course

    return {"pk": course(w).pk}


SAMPLES = {
    "secondments:secondment": _secondment(),
    "secondments:secondment_edit": _secondment(),
    "secondments:secondment_step": _secondment(action="complete"),
    "secondments:posting_new": _secondment(),
    "secondments:posting_edit": _posting,
    "secondments:posting_delete": _posting,
    "secondments:record_new": _secondment(kind="training"),
    "secondments:record_edit": _training,
    "secondments:record_delete": _training,
    "secondments:report": _field,
    "secondments:course_edit": _course,
    "secondments:home_government": lambda w, role: {"pk": w.chiyoda.pk},
    "api:secondments_get": lambda w, role: {"secondment_id": _secondment()(w, role)["pk"]},
    "api:secondments_add_training": lambda w, role: {"secondment_id": _secondment()(w, role)["pk"]},
}

LISTS_WITH_ARGUMENTS = {"secondments:home_government"}


def _mixed(w):
    """Secondments of Chiyoda (the New York staff member, with every record) and of Minato (a person at
    headquarters, with a course and a test), a curriculum course, and an inactive one."""
    from datetime import timedelta
    from decimal import Decimal

    from kizuna.secondments import services
    from tests.secondments.conftest import course, other_person, sample, secondment

    sample(w)
    other = secondment(w, person=other_person(w), home=w.minato)
    services.save_record(by=w.people["hq_staff"], kind="training", secondment=other, name="中国語講座",
                         language="zh-hans", provider="", starts_on=other.starts_on,
                         ends_on=other.starts_on + timedelta(days=30), hours=Decimal("40"))
    services.save_record(by=w.people["hq_staff"], kind="test", secondment=other, name="HSK", language="zh-hans",
                         taken_on=other.starts_on + timedelta(days=20), score="", level="4級", result_on=None)
    course(w, attended=[w.people["office_staff"]])
    old = course(w, title="廃止した講座")
    services.save_course(by=w.people["hq_staff"], course=old, is_active=False)


MIXED = [_mixed]
