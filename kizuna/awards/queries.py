"""What the award's pages read: a person's nominations, the panel's ranking (the grants engine's weighted scores
and its judges' progress), and the published winners."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from kizuna.grants.enums import AssignmentStatus, Status
from kizuna.grants.models import Assignment
from kizuna.grants.queries import progress, review_scores

from .enums import Eligibility, NominationStatus
from .models import Nomination, Round

__all__ = ["progress", "nominations", "panel", "winners_by_year", "PanelRow"]


def rounds(user):
    return Round.objects.visible_to(user).select_related("call__scheme")


def nominations(user):
    return (Nomination.objects.visible_to(user)
            .select_related("round__call", "proposer", "nominee", "prefecture", "application")
            .order_by("-round__call__fiscal_year", "pk"))


@dataclass
class PanelRow:
    nomination: Nomination
    score: float | None
    scored: int
    conflicts: list = field(default_factory=list)

    @property
    def winner(self) -> bool:
        return self.nomination.application.status == Status.AWARDED


def panel(round) -> list[PanelRow]:
    """The nominations that reached CLAIR, eligible first ranked by mean weighted score (unscored last), then
    the ineligible ones; each with the judges who declared a conflict (and why)."""
    scores = review_scores(round.call)
    conflicts = Assignment.objects.filter(status=AssignmentStatus.CONFLICT).select_related("reviewer")
    found = (round.nominations.filter(status=NominationStatus.NOMINATED)
             .select_related("proposer", "nominee", "prefecture", "application")
             .prefetch_related(Prefetch("application__assignments", queryset=conflicts, to_attr="conflicts")))
    rows = [PanelRow(n, *scores.get(n.application_id, (None, 0)), conflicts=n.application.conflicts)
            for n in found]
    return sorted(rows, key=lambda r: (r.nomination.eligibility != Eligibility.ELIGIBLE, r.score is None,
                                       -(r.score or 0), r.nomination.pk))


def winners(round_ids=None):
    found = (Nomination.objects.filter(round__is_published=True, application__status=Status.AWARDED)
             .select_related("round__call", "nominee", "application")
             .order_by("-round__call__fiscal_year", "nominee__code", "pk"))
    return found if round_ids is None else found.filter(round_id__in=round_ids)


def winners_by_year() -> list[tuple[int, list[Nomination]]]:
    """(fiscal year, its winners) of the published rounds, the latest year first."""
    years: dict[int, list] = {}
    for nomination in winners():
        years.setdefault(nomination.round.call.fiscal_year, []).append(nomination)
    return list(years.items())
