"""Reads of the safety confirmations: the list, and a confirmation's board (counts and rows) as the person may
see it — headquarters every answer, a PA their coordinating body's, a supervisor their contracting
organisation's. One definition for the page, its htmx refresh and the CSV export."""

from datetime import datetime
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q

from kizuna.core.models import Organisation

from .enums import URGENCY, SafetyReply
from .models import SafetyAnswer, SafetyConfirmation, participant_name

NOT_ANSWERED = "none"  # the filter's value for "not answered yet" (the stored value is "")
FILTERS = (*SafetyReply.values, NOT_ANSWERED)


def confirmations(user):
    """The confirmations the person may see, with their areas' names (what the list and the board show of them:
    the areas' whole rows carried each prefecture's reference data)."""
    return SafetyConfirmation.objects.visible_to(user).prefetch_related(
        Prefetch("areas", queryset=Organisation.objects.only("name", "name_en")))


# What a board's row (page, API, CSV) reads: every answer of a confirmation is sorted by urgency for each page,
# and carrying the participants' and organisations' whole rows through that sort was most of its cost.
ANSWER_FIELDS = (
    "participant_id", "host_id", "coordinating_body_id", "answer", "location", "note", "answered_at", "reminders",
    "escalated_at", "participant__jet_number", "participant__family_name", "participant__given_names",
    "participant__position", "host__organisation_id", "host__organisation__code", "host__organisation__name",
    "host__organisation__name_en")


# Who needs someone first (injured, needs help, not answered, safe), then by contracting organisation and name as
# they were when asked: the columns of the index `jet_safety_board_order`, so that a page is a range of it.
BOARD_ORDER = ("urgency", "listed_code", "listed_name", "pk")


def answers(user, confirmation, answer: str = "", *, bodies: bool = False):
    """The answers the person may see, the most urgent first; `bodies` loads the coordinating bodies too (the
    CSV shows them)."""
    qs = SafetyAnswer.objects.visible_to(user).filter(confirmation=confirmation)
    if answer == NOT_ANSWERED:
        qs = qs.filter(urgency=URGENCY[""])
    elif answer in SafetyReply.values:
        qs = qs.filter(urgency=URGENCY[answer])  # one urgency per answer: the board's index serves the filter
    fields = ANSWER_FIELDS + (("coordinating_body__name", "coordinating_body__name_en") if bodies else ())
    related = ("participant", "host__organisation") + (("coordinating_body",) if bodies else ())
    return (qs.select_related(*related).only(*fields)
            .order_by(*BOARD_ORDER))


class BoardRow(NamedTuple):
    """An answer as the board's table shows it, read as plain values: a page of 100 model instances with their
    participants and organisations cost as much to build as the rest of the page."""

    pk: int
    answer: str
    location: str
    note: str
    answered_at: datetime | None
    reminders: int
    escalated_at: datetime | None
    jet_number: str
    family_name: str
    given_names: str
    organisation: str

    @property
    def name(self) -> str:
        return participant_name(self.family_name, self.given_names)


BOARD_COLUMNS = ("pk", "answer", "location", "note", "answered_at", "reminders", "escalated_at",
                 "participant__jet_number", "participant__family_name", "participant__given_names",
                 "host__organisation__name")


def board_rows(page) -> list[BoardRow]:
    """The rows of a page of `answers` (a Paginator's page of it: counted without its joins), read as values."""
    return [BoardRow(*v) for v in page.object_list.values_list(*BOARD_COLUMNS)]


def counts(user, confirmation) -> dict:
    """Asked, answered, each answer, and not answered, with each one's share of those asked (for the bars)."""
    found = SafetyAnswer.objects.visible_to(user).filter(confirmation=confirmation).aggregate(
        asked=Count("pk"), answered=Count("pk", filter=~Q(answer="")),
        **{value: Count("pk", filter=Q(answer=value)) for value in SafetyReply.values},
        none=Count("pk", filter=Q(answer="")))
    asked = found["asked"]
    bars = [(value, label, found[value]) for value, label in SafetyReply.choices]
    bars.append((NOT_ANSWERED, None, found["none"]))
    return {**found, "rate": round(100 * found["answered"] / asked) if asked else None,
            "bars": [{"value": v, "label": label, "n": n, "pct": round(100 * n / asked) if asked else 0}
                     for v, label, n in bars]}
