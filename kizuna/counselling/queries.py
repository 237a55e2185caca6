"""What the counselling pages and the API list: cases without their content, and the statistics in words."""

from django.db.models import Case as DbCase
from django.db.models import Count, Q, Value, When

from kizuna.jet.enums import Position

from .enums import CaseStatus, Channel, Risk, SessionStatus, Topic
from .models import Case
from .services import statistics

CASE_FIELDS = ("pk", "channel", "language", "status", "topic", "risk", "opened_at", "taken_at", "closed_at",
               "last_message_at", "awaiting_counsellor", "participant_id")


def _cases(user):
    return (Case.objects.visible_to(user)
            .annotate(message_count=Count("messages", distinct=True),
                      booked=Count("sessions", filter=Q(sessions__status=SessionStatus.BOOKED), distinct=True)))


def own_cases(user):
    """The participant's own cases, newest first."""
    if not user.is_authenticated:
        return Case.objects.none()
    return _cases(user).filter(participant__person=user).order_by("-opened_at", "-pk")


def waiting(user):
    """The queue: cases no counsellor has taken yet, oldest first (no content: channel, language, when)."""
    return _cases(user).filter(status=CaseStatus.WAITING).order_by("opened_at", "pk")


def on_my_cases(user):
    """The open cases the counsellor is on: those awaiting their reply first, then high risk, then the latest."""
    return (_cases(user).filter(status=CaseStatus.OPEN, assignments__counsellor=user)
            .order_by("-awaiting_counsellor", "-last_message_at", "-pk"))


def urgent(user):
    """For the supervisor: every open case at high risk."""
    return _cases(user).filter(status__in=[CaseStatus.WAITING, CaseStatus.OPEN], risk=Risk.HIGH).order_by("opened_at")


def _labelled(counts: dict, choices) -> list[dict]:
    """Bars for core/_bars.html: each value's label, its count and its share of the largest."""
    labels = dict(choices)
    peak = max(counts.values(), default=0) or 1
    return [{"label": str(labels.get(key, "—")) if key else "—", "n": n, "pct": round(100 * n / peak)}
            for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))]


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
    return (_cases(user).filter(Q(status=CaseStatus.WAITING) | Q(status=CaseStatus.OPEN,
                                                                  assignments__counsellor=user))
            .order_by(waiting_first, "opened_at", "pk"))
