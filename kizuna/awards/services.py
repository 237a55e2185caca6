"""Every write of the award: verb_noun functions with keyword-only arguments and an explicit actor.

The round is a grants call on the award scheme; a nomination reaching CLAIR is started and submitted as a grants
application by the body that nominates to CLAIR (the prefecture when it endorses a municipality's nomination);
judges are assigned, declare their conflicts and score through the grants review engine; the panel's decision is
the grants decision (at most the call's `most_winners`, no money), which sends the letters."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.enums import OrgKind
from kizuna.core.policies import require
from kizuna.core.workflow import transition
from kizuna.grants import services as grants
from kizuna.grants.checks import closing_problem
from kizuna.grants.enums import SchemeKind, Status
from kizuna.grants.models import Call, Scheme

from .enums import CRITERIA, NOMINATING_KINDS, NOMINATION_TRANSITIONS, OPEN, Eligibility, NominationStatus
from .models import Nomination, Round

SCHEME_CODE = "kokusai_koryu_hyosho"
WINNERS = 3
NOMINATION_FIELDS = ("title", "summary", "started_year", "partners", "achievements", "nominee")


@transaction.atomic
def set_up_scheme(*, by) -> Scheme:
    """The award's scheme (no money) with its six criteria, weighted 1 each; kept if it exists."""
    scheme = Scheme.objects.filter(code=SCHEME_CODE).first()
    if scheme is not None:
        return scheme
    scheme = grants.save_scheme(
        by=by, code=SCHEME_CODE, name="自治体国際交流表彰（総務大臣賞）",
        name_en="Local Government International Exchange Award (Minister for Internal Affairs and "
                "Communications Award)", kind=SchemeKind.AWARD, programme_code="4-2",
        applicant_kinds=sorted(NOMINATING_KINDS))
    for order, (name, name_en, weight) in enumerate(CRITERIA, start=1):
        grants.save_criterion(by=by, scheme=scheme, order=order, name=f"{name} ({name_en})", weight=weight)
    return scheme


@transaction.atomic
def start_round(*, by, fiscal_year: int, opens_at, closes_at, title: str = "", blind: bool = True,
                through_prefecture: bool = True, most_winners: int = WINNERS, publish_call: bool = True) -> Round:
    """A year's round: its grants call (no envelope, at most `most_winners`) and the award's rules."""
    require(by, "awards.manage_round")
    if not 1 <= most_winners <= WINNERS:
        raise ValidationError(_("The award has at most %(most)d winners a year.") % {"most": WINNERS},
                              code="most_winners")
    scheme = set_up_scheme(by=by)
    if Round.objects.filter(call__scheme=scheme, call__fiscal_year=fiscal_year).exists():
        raise ValidationError(_("There is already a round for this fiscal year."), code="duplicate")
    call = grants.save_call(by=by, scheme=scheme, fiscal_year=fiscal_year,
                            title=title or f"{scheme.name} {fiscal_year}", opens_at=opens_at, closes_at=closes_at,
                            envelope=0, blind_review=blind, most_winners=most_winners, is_published=publish_call)
    return create_logged(Round, "awards.round.start", by=by, call=call, through_prefecture=through_prefecture)


def _nominee_problem(proposer, nominee) -> str | None:
    """A municipality or an association nominates itself; a prefecture itself or a municipality in it."""
    if nominee.kind not in NOMINATING_KINDS:
        return _("The nominee must be a local government or a regional international association.")
    if nominee.pk == proposer.pk:
        return None
    if proposer.kind == OrgKind.PREFECTURE and nominee.kind == OrgKind.MUNICIPALITY \
            and nominee.prefecture_id == proposer.pk:
        return None
    if proposer.kind == OrgKind.PREFECTURE:
        return _("%(proposer)s may nominate itself or a municipality of the prefecture, not %(nominee)s.") % {
            "proposer": proposer, "nominee": nominee}
    return _("%(proposer)s may nominate itself, not %(nominee)s.") % {"proposer": proposer, "nominee": nominee}


@transaction.atomic
def start_nomination(*, by, round: Round, proposer, title: str, summary: str, started_year: int, nominee=None,
                     partners: str = "", achievements: str = "") -> Nomination:
    """A draft nomination of `proposer` (one of the person's organisations) for `nominee` (itself by default)."""
    require(by, "awards.nominate", round)
    problem = closing_problem(round.call)
    if problem:
        raise ValidationError(problem, code="closed")
    nominee = nominee or proposer
    nomination = Nomination(round=round, proposer=proposer, nominee=nominee, title=title, summary=summary,
                            started_year=started_year, partners=partners, achievements=achievements, created_by=by)
    require(by, "awards.send_nomination", nomination)
    if proposer.kind not in NOMINATING_KINDS:
        raise ValidationError(_("Local governments and regional international associations nominate."),
                              code="proposer")
    problem = _nominee_problem(proposer, nominee)
    if problem:
        raise ValidationError({"nominee": problem}, code="nominee")
    nomination.full_clean()
    save_logged(nomination, "awards.nomination.start", by=by)
    return nomination


@transaction.atomic
def update_nomination(*, by, nomination: Nomination, **fields) -> Nomination:
    unknown = set(fields) - set(NOMINATION_FIELDS)
    if unknown:
        raise TypeError(f"update_nomination cannot change {sorted(unknown)}")
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    require(by, "awards.change_nomination", nomination)
    if "nominee" in fields:
        problem = _nominee_problem(nomination.proposer, fields["nominee"])
        if problem:
            raise ValidationError({"nominee": problem}, code="nominee")
    for name, value in fields.items():
        setattr(nomination, name, value)
    nomination.full_clean()
    save_logged(nomination, "awards.nomination.change", by=by, fields=list(fields))
    return nomination


def is_routed(nomination: Nomination) -> bool:
    """Whether the nomination goes through the prefecture: a municipality's, where the round says so."""
    return bool(nomination.round.through_prefecture and nomination.proposer.kind == OrgKind.MUNICIPALITY
                and nomination.proposer.prefecture_id)


@NOMINATION_TRANSITIONS.guard("routed")
def _routed(nomination, *, by, **changes) -> None:
    if not is_routed(nomination):
        raise ValidationError(_("This nomination goes to CLAIR directly, not through a prefecture."), code="route")
    _still_open(nomination)


@NOMINATION_TRANSITIONS.guard("direct")
def _direct(nomination, *, by, **changes) -> None:
    if is_routed(nomination):
        raise ValidationError(_("A municipality's nomination goes through its prefecture, which endorses it."),
                              code="route")


@NOMINATION_TRANSITIONS.guard("note_given")
def _note_given(nomination, *, by, **changes) -> None:
    if not (nomination.return_note or "").strip():
        raise ValidationError(_("Say why the nomination is returned."), code="note")


def _still_open(nomination) -> None:
    problem = closing_problem(nomination.round.call)
    if problem:
        raise ValidationError(problem, code="closed")


def send_to_prefecture(*, by, nomination: Nomination) -> Nomination:
    return transition(nomination, "send", by=by, prefecture=nomination.proposer.prefecture,
                      sent_at=timezone.now())


def return_nomination(*, by, nomination: Nomination, note: str) -> Nomination:
    return transition(nomination, "return", by=by, note=note.strip(), return_note=note.strip())


def _application_summary(nomination: Nomination) -> str:
    """What the judges read: the project, never the nominee's name put there by us."""
    # The labels are not inside the f-strings, where makemessages would not find them.
    began, partners, achievements = _("Year the project began"), _("Partners"), _("Achievements and impact")
    parts = [nomination.summary.strip(), f"{began}: {nomination.started_year}"]
    if nomination.partners.strip():
        parts.append(f"{partners}: {nomination.partners.strip()}")
    if nomination.achievements.strip():
        parts.append(f"{achievements}: {nomination.achievements.strip()}")
    return "\n\n".join(parts)


def _to_clair(nomination: Nomination, *, by, applicant):
    """The grants application the nomination becomes, started and submitted by `by` for `applicant`."""
    application = grants.start_application(by=by, call=nomination.round.call, applicant=applicant,
                                           title=nomination.title, summary=_application_summary(nomination))
    return grants.submit_application(by=by, application=application)


@transaction.atomic
def endorse_nomination(*, by, nomination: Nomination) -> Nomination:
    """The prefecture endorses a municipality's nomination: it reaches CLAIR, nominated by the prefecture."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    require(by, "awards.endorse_nomination", nomination)
    if nomination.status != NominationStatus.WITH_PREFECTURE:
        raise ValidationError(_("Only a nomination sent to the prefecture is endorsed."), code="state")
    now = timezone.now()
    application = _to_clair(nomination, by=by, applicant=nomination.prefecture)
    return transition(nomination, "endorse", by=by, application=application, endorsed_by=by, endorsed_at=now,
                      nominated_at=now)


@transaction.atomic
def nominate(*, by, nomination: Nomination) -> Nomination:
    """A prefecture, an association (or a municipality where the round allows it) nominates to CLAIR."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    require(by, "awards.send_nomination", nomination)
    if nomination.status not in OPEN:
        raise ValidationError(_("This nomination was already sent."), code="state")
    _direct(nomination, by=by)
    application = _to_clair(nomination, by=by, applicant=nomination.proposer)
    return transition(nomination, "nominate", by=by, application=application, nominated_at=timezone.now())


def withdraw_nomination(*, by, nomination: Nomination) -> Nomination:
    return transition(nomination, "withdraw", by=by)


@transaction.atomic
def check_eligibility(*, by, nomination: Nomination, checks: dict, eligible: bool, reason: str = "") -> Nomination:
    """Headquarters' check: every item of the round's checklist ticked for an eligible nomination; an ineligible
    one is kept, with the reason, and never judged."""
    # Only the nomination's row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    nomination = (Nomination.objects.select_for_update(of=("self",)).select_related("round", "application")
                  .get(pk=nomination.pk))
    require(by, "awards.check_eligibility", nomination)
    if nomination.status != NominationStatus.NOMINATED:
        raise ValidationError(_("Only a nomination that reached CLAIR is checked."), code="state")
    if nomination.application.status != Status.SUBMITTED:
        raise ValidationError(_("The panel has already decided on this nomination."), code="decided")
    items = list(nomination.round.checklist or [])
    answers = {item: bool(checks.get(item)) for item in items}
    reason = reason.strip()
    if eligible and not all(answers.values()):
        missing = [item for item, ok in answers.items() if not ok]
        raise ValidationError(_("Eligible needs every item of the checklist: %(missing)s.")
                              % {"missing": "、".join(missing)}, code="checklist")
    if not eligible and not reason:
        raise ValidationError({"reason": _("Say why the nomination is not eligible.")}, code="reason")
    nomination.checks = answers
    nomination.eligibility = Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE
    nomination.ineligible_reason = "" if eligible else reason
    nomination.checked_by, nomination.checked_at = by, timezone.now()
    save_logged(nomination, "awards.nomination.check", by=by,
                fields=["checks", "eligibility", "ineligible_reason", "checked_by", "checked_at"])
    return nomination


@transaction.atomic
def assign_judge(*, by, round: Round, judge, nominations=None) -> list:
    """Assign a judge to eligible nominations (all of the round's by default) through the grants engine: the
    judge declares conflicts before seeing each, and a conflict blocks the scoring."""
    require(by, "awards.assign_judges", round)
    eligible = round.nominations.filter(status=NominationStatus.NOMINATED, eligibility=Eligibility.ELIGIBLE,
                                        application__status=Status.SUBMITTED).select_related("application")
    chosen = list(eligible if nominations is None else eligible.filter(pk__in=[n.pk for n in nominations]))
    if nominations is not None and len(chosen) != len({n.pk for n in nominations}):
        raise ValidationError(_("Judges are assigned only to eligible nominations."), code="ineligible")
    done = []
    for nomination in chosen:
        if not nomination.application.assignments.filter(reviewer=judge).exists():
            done.append(grants.assign_reviewer(by=by, application=nomination.application, reviewer=judge))
    return done


@transaction.atomic
def decide_winners(*, by, round: Round, winners: dict) -> list:
    """`winners`: nomination id → {"citation": Japanese, "citation_en": English}. The others still under review
    are not selected. All or nothing; the grants decision holds the call's rule of at most N winners and sends
    every letter."""
    require(by, "awards.decide_winners", round)
    call = Call.objects.get(pk=round.call_id)
    if not winners:
        raise ValidationError(_("Choose the winners."), code="none")
    if call.most_winners is not None and len(winners) > call.most_winners:
        raise ValidationError(_("At most %(most)d winners: %(count)d were chosen. Nothing was decided.")
                              % {"most": call.most_winners, "count": len(winners)}, code="most_winners")
    pending = {n.pk: n for n in round.nominations.filter(status=NominationStatus.NOMINATED,
                                                          application__status=Status.SUBMITTED)}
    for pk in winners:
        nomination = pending.get(pk)
        if nomination is None:
            raise ValidationError(_("A winner must be a nomination of this round still under review."),
                                  code="unknown")
        if nomination.eligibility != Eligibility.ELIGIBLE:
            raise ValidationError(_("“%(title)s” is not checked eligible and cannot win.")
                                  % {"title": nomination.title}, code="ineligible")
        if not (winners[pk].get("citation") or "").strip():
            raise ValidationError(_("Write the citation of “%(title)s”.") % {"title": nomination.title},
                                  code="citation")
    awards = {pending[pk].application_id: 0 for pk in winners}
    others = [n.application_id for pk, n in pending.items() if pk not in winners]
    citations = {pending[pk].application_id: winners[pk]["citation"].strip() for pk in winners}
    decided = grants.decide_applications(by=by, call=call, awards=awards, rejections=others,
                                         conditions_of=citations)
    for pk in winners:
        nomination = pending[pk]
        nomination.citation_en = (winners[pk].get("citation_en") or "").strip()
        save_logged(nomination, "awards.nomination.cite", by=by, fields=["citation_en"])
    return decided


@transaction.atomic
def publish_round(*, by, round: Round) -> Round:
    """The winners and their citations go on the public page."""
    require(by, "awards.publish_round", round)
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.is_published:
        raise ValidationError(_("The winners are already published."), code="published")
    if not round.nominations.filter(application__status=Status.AWARDED).exists():
        raise ValidationError(_("Decide the winners before publishing them."), code="undecided")
    round.is_published, round.published_at, round.published_by = True, timezone.now(), by
    save_logged(round, "awards.round.publish", by=by, fields=["is_published", "published_at", "published_by"])
    return round
