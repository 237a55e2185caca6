"""Subsidies claimed for a JET participant through their contracting organisation, on the grants engine.

A claim is an `Application` of a scheme with `claims_for_participants`: the participant prepares it (the draft's
`beneficiary` is their record, its applicant the contracting organisation that employs them), the organisation's
staff check and file it (`submit`), headquarters decide it on the call's board and pay the organisation. The
scheme's rules are data (`Scheme.claim_rules`, set in kizuna/grants/data/schemes.toml or on the scheme's page):

- `positions`: the positions that may claim (["sea"]);
- `contract_years`: the appointment years that may claim ([1, 2, 3]);
- `answer_in`: an answer of the call's questions that must be one of a list ({"level": ["N1", "N2", "N3"]});
- `answer_at_least`: a number answered at least ({"hours": 100});
- `once_per_person`: one claim per participant, ever (the JLPT fee);
- `per_year_limit`: how many claims the scheme grants in a fiscal year (TEFL/TESOL);
- `person_year_cap`: the most, in yen, one participant receives in an April–March year across all their
  claims of the scheme (counselling costs: ¥30,000).

The counts and the cap hold when claims are filed or decided at the same moment: the participant's row is
locked before they are counted (and, for the yearly limit, the scheme's row), so a second claim waits for the
first and then sees it. A claim filed or decided counts; a draft, a withdrawn or a rejected claim does not.

A counselling-cost claim carries only the amount and the clinic's receipt: it is not linked to the counselling
case, and nothing of the case reaches the contracting organisation through it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Sum, When
from django.utils.translation import gettext as _

from kizuna.core.audit import save_logged
from kizuna.core.policies import require

from ..checks import closing_problem, raise_if, yen
from ..enums import APPLICATION_TRANSITIONS, DECIDED, Status
from ..models import Application, Call, Scheme
from ..rules import participant_of

# A claim counts against the rules once it is filed, and until it is rejected or withdrawn.
COUNTED = frozenset({Status.SUBMITTED, Status.RETURNED, *DECIDED})


def claim_title(call: Call, participant) -> str:
    return f"{call.scheme.name}（{participant}）"[:200]


@transaction.atomic
def start_claim(*, by, call: Call) -> Application:
    """The participant's draft claim on `call`: filed in the name of their contracting organisation."""
    require(by, "grants.start_application", call)
    if not call.scheme.claims_for_participants:
        raise ValidationError(_("This call takes applications, not claims for a JET participant."), code="scheme")
    participant = participant_of(by)
    if participant is None:
        raise ValidationError(_("Only a JET participant in the programme can prepare a claim for themselves."),
                              code="participant")
    problem = closing_problem(call)
    if problem:
        raise ValidationError(problem, code="closed")
    application = Application(call=call, applicant=participant.host.organisation, beneficiary=participant,
                              title=claim_title(call, participant), created_by=by)
    application.full_clean()
    save_logged(application, "grants.application.start_claim", by=by)
    return application


def _lock_participant(application: Application):
    model = Application._meta.get_field("beneficiary").related_model
    return model.objects.select_for_update().get(pk=application.beneficiary_id)


def _counted_claims(application: Application, scheme: Scheme):
    return Application.objects.filter(call__scheme=scheme, status__in=COUNTED).exclude(pk=application.pk)


def _amount_counted():
    """What a claim counts for against a cap: the decided amount once decided, else the amount requested."""
    return Sum(Case(When(status__in=DECIDED, then=F("decided_amount")), default=F("requested_amount")))


def claim_problems(application: Application, *, amount: int | None = None) -> list[str]:
    """Each rule of the scheme the claim breaks, by name; `amount` is what would be granted (the requested
    amount when filing, the amount being decided when deciding). Call it with the participant's row locked."""
    scheme = application.call.scheme
    rules = scheme.claim_rules or {}
    participant = _lock_participant(application)
    answers = application.answers or {}
    amount = application.requested_amount if amount is None else amount
    problems = []
    positions = rules.get("positions")
    if positions and participant.position not in positions:
        problems.append(_("Only participants in these positions may claim this subsidy: %(positions)s.")
                        % {"positions": ", ".join(p.upper() for p in positions)})
    years = rules.get("contract_years")
    if years and participant.contract_year not in years:
        problems.append(_("This subsidy is for participants in appointment years %(years)s; %(name)s is in year "
                          "%(year)s.") % {"years": ", ".join(str(y) for y in years), "name": participant,
                                          "year": participant.contract_year})
    for key, allowed in (rules.get("answer_in") or {}).items():
        if str(answers.get(key, "")) not in [str(a) for a in allowed]:
            problems.append(_("The subsidy is paid only for %(allowed)s (answered: “%(answer)s”).")
                            % {"allowed": ", ".join(str(a) for a in allowed), "answer": answers.get(key) or "—"})
    for key, least in (rules.get("answer_at_least") or {}).items():
        try:
            given = int(str(answers.get(key, "")))
        except ValueError:
            given = None
        if given is None or given < int(least):
            problems.append(_("The subsidy needs at least %(least)s (answered: “%(answer)s”).")
                            % {"least": least, "answer": answers.get(key) or "—"})
    others = _counted_claims(application, scheme)
    if rules.get("once_per_person") and others.filter(beneficiary=participant).exists():
        problems.append(_("%(name)s has already claimed this subsidy: it is paid once per person.")
                        % {"name": participant})
    cap = rules.get("person_year_cap")
    if cap:
        taken = others.filter(beneficiary=participant, call__fiscal_year=application.call.fiscal_year).aggregate(
            total=_amount_counted())["total"] or 0
        if taken + amount > int(cap):
            problems.append(_("Yearly cap: %(name)s has %(taken)s claimed in fiscal year %(year)s; with this "
                              "claim's %(amount)s it would be %(total)s, above the %(cap)s a year (at most "
                              "%(left)s more).") % {
                "name": participant, "taken": yen(taken), "year": application.call.fiscal_year,
                "amount": yen(amount), "total": yen(taken + amount), "cap": yen(int(cap)),
                "left": yen(max(int(cap) - taken, 0))})
    return problems


def yearly_limit_problem(application: Application) -> str | None:
    """The scheme grants a limited number of claims a fiscal year: refused at the decision once they are all
    granted. The scheme's row is locked while they are counted."""
    scheme = application.call.scheme
    limit = (scheme.claim_rules or {}).get("per_year_limit")
    if not limit:
        return None
    Scheme.objects.select_for_update().filter(pk=scheme.pk).first()
    granted = Application.objects.filter(call__scheme=scheme, call__fiscal_year=application.call.fiscal_year,
                                         status__in=DECIDED).exclude(pk=application.pk).count()
    if granted >= int(limit):
        return _("The %(limit)s subsidies of fiscal year %(year)s are all granted.") % {
            "limit": limit, "year": application.call.fiscal_year}
    return None


def check_claim(application: Application, *, amount: int | None = None, deciding: bool = False) -> None:
    if not application.beneficiary_id:
        return
    problems = claim_problems(application, amount=amount)
    if deciding:
        problems += [p for p in [yearly_limit_problem(application)] if p]
    raise_if(problems, "claim")


@APPLICATION_TRANSITIONS.guard("claim_rules")
def _claim_rules(application, *, by, decided_amount=None, **changes) -> None:
    """A claim is decided within its scheme's rules, counted again at the decision."""
    check_claim(application, amount=decided_amount, deciding=True)
