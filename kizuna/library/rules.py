"""Who may see and do what in the library.

Everyone, anonymous included, reads a published work once its embargo has passed, and its files; a withdrawn
work keeps its page with the notice (its files go). Until then a work is seen by CLAIR's staff and by the
organisation responsible for it (the office that wrote a report, the local government or association that
proposed a good practice). CLAIR staff create publications; local governments and associations propose
portal items; headquarters review and publish, withdraw, and correct. Research answers are made and kept by
the research flow (services.follow_research), never by hand.
"""

from django.db.models import Q
from django.utils import timezone

from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, OrgKind
from kizuna.core.policies import ANYONE, Condition, Field, Not, Policy, Through, Who, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, working_orgs

from .enums import FLOWING_KINDS, Status

# Who proposes items to the multicultural portal: local governments and the regional associations (and NGOs).
PROPOSING_KINDS = frozenset({*LOCAL_GOVERNMENT_KINDS, OrgKind.ASSOCIATION, OrgKind.NGO})


class Released(Condition):
    """Published, and its embargo (if any) has passed today."""

    def q(self, user, prefix=""):
        today = timezone.localdate()
        return Q(**{f"{prefix}status": Status.PUBLISHED}) & (Q(**{f"{prefix}embargo_until__isnull": True})
                                                             | Q(**{f"{prefix}embargo_until__lte": today}))

    def test(self, user, obj):
        return obj is not None and obj.is_released()

    def __repr__(self):
        return "Released()"


def proposes_items(user) -> bool:
    return bool(working_orgs(user, PROPOSING_KINDS))


RELEASED = Released()
PUBLISHER = WorksFor("publisher")
BY_HAND = Not(Field("kind", in_=FLOWING_KINDS))
WORK_VIEW = RELEASED | Field("status", Status.WITHDRAWN) | CLAIR_STAFF | PUBLISHER
FILES_OPEN = RELEASED | CLAIR_STAFF | PUBLISHER
EDITING = Field("status", in_={Status.DRAFT, Status.REVIEW}) & BY_HAND
PROPOSER = Who(proposes_items, "proposes_items")


class WorkPolicy(Policy):
    model = "library.Work"
    view = "library.view_work"
    history = "library.view_work_history"
    actions = {
        "library.view_work": WORK_VIEW,
        "library.view_work_history": CLAIR_STAFF | PUBLISHER,
        "library.view_library": ANYONE,
        "library.view_workspace": CLAIR_STAFF | PROPOSER,
        "library.add_work": CLAIR_STAFF,
        "library.propose_item": PROPOSER,
        # A draft by the organisation that holds it; in review, by CLAIR staff (who edit before publishing).
        "library.edit_work": BY_HAND & ((Field("status", Status.DRAFT) & PUBLISHER) | (EDITING & CLAIR_STAFF)),
        "library.submit_work": BY_HAND & (PUBLISHER | CLAIR_STAFF),
        "library.review_work": BY_HAND & HQ_STAFF,
        "library.correct_work": BY_HAND & Field("status", Status.PUBLISHED) & CLAIR_STAFF,
        "library.view_usage": CLAIR_STAFF,
        "library.import_works": HQ_STAFF,
    }


class EditionPolicy(Policy):
    model = "library.Edition"
    view = "library.view_edition"
    actions = {"library.view_edition": Through("work", WORK_VIEW)}


class EditionFilePolicy(Policy):
    model = "library.EditionFile"
    view = "library.download_file"
    actions = {"library.download_file": Through("edition__work", FILES_OPEN)}


class GuideSectionPolicy(Policy):
    model = "library.GuideSection"
    view = "library.view_section"
    actions = {"library.view_section": Through("edition__work", WORK_VIEW)}


class AuthorPolicy(Policy):
    model = "library.Author"
    view = "library.view_author"
    actions = {"library.view_author": Through("work", WORK_VIEW)}


class WorkCountryPolicy(Policy):
    model = "library.WorkCountry"
    view = "library.view_work_country"
    actions = {"library.view_work_country": Through("work", WORK_VIEW)}


class ThemePolicy(Policy):
    model = "library.Theme"
    view = "library.view_theme"
    actions = {"library.view_theme": ANYONE}


class UsagePolicy(Policy):
    model = "library.Usage"
    view = "library.view_usage_row"
    actions = {"library.view_usage_row": CLAIR_STAFF}


for _policy in (WorkPolicy, EditionPolicy, EditionFilePolicy, GuideSectionPolicy, AuthorPolicy, WorkCountryPolicy,
                ThemePolicy, UsagePolicy):
    register(_policy())
