"""Who may see and do what with the records of seconded staff.

- Headquarters staff (General Affairs keeps the records) see and manage every secondment.
- The seconded person sees their own record, all of it.
- The head of the office (its administrators) where a person works now sees that person's record, all of it, and
  keeps their training records (language training, tests, field training, on-the-job training).
- The home local government's working members (administrators and staff) see their own people at CLAIR, current
  and past: the secondment, the postings, the language courses and hours, the field trainings, the on-the-job
  training periods with their units and tasks, and the expert curriculum's completions. They do NOT see the
  personal assessments: the supervisor's assessment in the on-the-job training records and the language test
  results (scores and levels). Those are between the person, their supervisors at CLAIR and headquarters; the
  home government hears of them through the person or CLAIR's formal reports, not through Kizuna.
- Another local government sees nothing of these people.
"""

from kizuna.core.enums import Role
from kizuna.core.policies import SIGNED_IN, Field, IsUser, Policy, Through, Who, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, working_orgs

from .enums import HOME_KINDS


def works_for_a_local_government(user) -> bool:
    return bool(working_orgs(user, HOME_KINDS))


LOCAL_GOVERNMENT = Who(works_for_a_local_government, "works_for_a_local_government")
SELF = IsUser("person")
OFFICE_HEAD = WorksFor("organisation", roles={Role.ADMIN})
HOME = WorksFor("home_government")
SEES = HQ_STAFF | SELF | OFFICE_HEAD | HOME
ASSESSMENTS = HQ_STAFF | SELF | OFFICE_HEAD
KEEPS = HQ_STAFF | OFFICE_HEAD


class SecondmentPolicy(Policy):
    model = "secondments.Secondment"
    view = "secondments.view_secondment"
    actions = {
        "secondments.view_secondment": SEES,
        "secondments.view_assessments": ASSESSMENTS,
        "secondments.view_secondments": CLAIR_STAFF | LOCAL_GOVERNMENT,
        "secondments.add_secondment": HQ_STAFF,
        "secondments.manage_secondment": HQ_STAFF,
        "secondments.keep_records": KEEPS,
        "secondments.import_tests": HQ_STAFF,
    }


class PostingPolicy(Policy):
    model = "secondments.Posting"
    view = "secondments.view_posting"
    actions = {"secondments.view_posting": Through("secondment", SEES)}


class LanguageTrainingPolicy(Policy):
    model = "secondments.LanguageTraining"
    view = "secondments.view_language_training"
    actions = {"secondments.view_language_training": Through("secondment", SEES)}


class LanguageTestPolicy(Policy):
    model = "secondments.LanguageTest"
    view = "secondments.view_language_test"
    actions = {"secondments.view_language_test": Through("secondment", ASSESSMENTS)}


class FieldTrainingPolicy(Policy):
    model = "secondments.FieldTraining"
    view = "secondments.view_field_training"
    actions = {
        "secondments.view_field_training": Through("secondment", SEES),
        # The report: the person who went, or those who keep the records.
        "secondments.write_report": Through("secondment", SELF | KEEPS),
    }


class OJTRecordPolicy(Policy):
    model = "secondments.OJTRecord"
    view = "secondments.view_ojt_record"
    actions = {"secondments.view_ojt_record": Through("secondment", SEES)}


class CoursePolicy(Policy):
    """The curriculum's courses are no secret: every signed-in person may read them; headquarters keep them."""

    model = "secondments.Course"
    view = "secondments.view_course"
    actions = {
        "secondments.view_course": SIGNED_IN & Field("is_active", True) | HQ_STAFF,
        "secondments.view_curriculum": CLAIR_STAFF | LOCAL_GOVERNMENT,
        "secondments.manage_courses": HQ_STAFF,
    }


class HomeGovernmentPolicy(Policy):
    """A local government's people at CLAIR: its working members and headquarters. (A policy about organisations
    that are local governments; the organisation's own visibility is the core's.)"""

    model = "core.Organisation"
    actions = {"secondments.view_home_people": WorksFor("pk", kinds=HOME_KINDS) | HQ_STAFF}


for _policy in (SecondmentPolicy, PostingPolicy, LanguageTrainingPolicy, LanguageTestPolicy, FieldTrainingPolicy,
                OJTRecordPolicy, CoursePolicy, HomeGovernmentPolicy):
    register(_policy())
