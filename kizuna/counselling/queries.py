"""What the counselling pages and the API list: cases without their content, and the statistics in words.

A list never opens a seal: the cases are read without their sealed columns (`LISTED_WITHOUT`; the counsellors'
page reads only the columns its tables show, `LISTED`), and counted rows (messages, booked sessions) are counted
for the rows of a page only (`with_counts`), never for the whole queue before it is cut."""

from django.db.models import Case as DbCase
from django.db.models import Count, Q, Value, When

from kizuna.core.charts import bars
from kizuna.core.sealed import SealedBinaryField, SealedTextField
from kizuna.jet.enums import Position

from .enums import CaseStatus, Channel, Risk, SessionStatus, Topic
from .models import Case, CaseCounsellor
from .rules import OWN
from .services import statistics

CASE_FIELDS = ("pk", "channel", "language", "status", "topic", "risk", "opened_at", "taken_at", "closed_at",
               "last_message_at", "awaiting_counsellor", "participant_id")
LISTED_WITHOUT = tuple(f.name for f in Case._meta.concrete_fields
                       if isinstance(f, SealedTextField | SealedBinaryField))  # referred_to: no list shows it
LISTED = ("channel", "language", "status", "opened_at", "last_message_at", "awaiting_counsellor")  # _cases.html


def _cases(user):
    return Case.objects.visible_to(user).defer(*LISTED_WITHOUT)


def _listed(user):
    """The cases for the counsellors' page, with only the columns its tables show."""
    return Case.objects.visible_to(user).only(*LISTED)


def _on_case(user):
    """The ids of the cases the counsellor is on, as a subquery: no join, so no case comes twice."""
    return CaseCounsellor.objects.filter(counsellor=user).values("case")


# The counsellors' lists, each defined once for its rows and its count (`list_counts`)
WAITING = Q(status=CaseStatus.WAITING)
URGENT = Q(status__in=[CaseStatus.WAITING, CaseStatus.OPEN], risk=Risk.HIGH)


def _mine(user) -> Q:
    return Q(status=CaseStatus.OPEN, pk__in=_on_case(user))


def own_cases(user):
    """The participant's own cases, newest first."""
    ids = OWN.ids(user) if user.is_authenticated else []
    if not ids:
        return Case.objects.none()
    return _cases(user).filter(participant__in=ids).order_by("-opened_at", "-pk")


def waiting(user):
    """The queue: cases no counsellor has taken yet, oldest first (no content: channel, language, when)."""
    return _listed(user).filter(WAITING).order_by("opened_at", "pk")


def on_my_cases(user):
    """The open cases the counsellor is on: those awaiting their reply first, then high risk, then the latest."""
    return _listed(user).filter(_mine(user)).order_by("-awaiting_counsellor", "-last_message_at", "-pk")


def urgent(user):
    """For the supervisor: every open case at high risk, the longest open first."""
    return _listed(user).filter(URGENT).order_by("opened_at", "pk")


def list_counts(user, *, with_urgent: bool = False) -> dict:
    """The length of each of the counsellors' lists, in one query: `waiting`, `mine` (the open cases the person
    is on), `awaiting` (of those, the ones awaiting their reply) and, `with_urgent`, `urgent`."""
    mine = _mine(user)
    counts = {"waiting": Count("pk", filter=WAITING), "mine": Count("pk", filter=mine),
              "awaiting": Count("pk", filter=mine & Q(awaiting_counsellor=True))}
    if with_urgent:
        counts["urgent"] = Count("pk", filter=URGENT)
    return _cases(user).filter(status__in=[CaseStatus.WAITING, CaseStatus.OPEN]).order_by().aggregate(**counts)


def with_counts(cases) -> list:
    """The cases of a page, each with its number of messages (`message_count`) and of booked video sessions
    (`booked`): one query over those cases only."""
    cases = list(cases)
    counts = {pk: (messages, booked) for pk, messages, booked in (
        Case.objects.filter(pk__in=[c.pk for c in cases]).order_by().values_list("pk").annotate(
            messages=Count("messages", distinct=True),
            booked=Count("sessions", filter=Q(sessions__status=SessionStatus.BOOKED), distinct=True)))}
    for case in cases:
        case.message_count, case.booked = counts.get(case.pk, (0, 0))
    return cases


def _labelled(counts: dict, choices) -> list[dict]:
    """Bars for core/_bars.html: each value's label, its count and its share of the largest."""
    labels = dict(choices)
    return bars((str(labels.get(key, "—")) if key else "—", n)
                for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def labelled_statistics(year: int) -> dict:
    stats = statistics(year)
    peak = max([n for _m, n, _s in stats["months"]] + [s for _m, _n, s in stats["months"]] + [1])
    return {**stats,
            "months": [(m, n, s, round(100 * n / peak), round(100 * s / peak)) for m, n, s in stats["months"]],
            "channel": _labelled(stats["channel"], Channel.choices),
            "topic": _labelled(stats["topic"], Topic.choices),
            "position": _labelled(stats["position"], Position.choices),
            "sessions": _labelled(stats["sessions"], SessionStatus.choices)}


def queue(user):
    """The API's queue: the waiting cases, oldest first, then the open cases the counsellor is on."""
    waiting_first = DbCase(When(status=CaseStatus.WAITING, then=Value(0)), default=Value(1))
    return _cases(user).filter(WAITING | _mine(user)).order_by(waiting_first, "opened_at", "pk")
