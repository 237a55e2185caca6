"""Safety confirmation (安否確認): every write, and the signed links participants answer through.

After an earthquake or typhoon headquarters, or a PA for their coordinating body's area, starts a confirmation
for some prefectures or municipalities. Every participant placed there who is in the programme gets a row and a
mail with a link signed for that row of that confirmation (salted with the confirmation's own secret, so a link
of one confirmation opens nothing in another) that works while the confirmation is open, for LINK_VALID_FOR.
No password: the link is the participant's key, as the JET number is the login of CLAIR's own system.
Those who have not answered are reminded (a button, and `remind_due` on a schedule); after the second reminder
the supervisors of their contracting organisation get the list of who is still unreached.
"""

from collections import defaultdict
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, create_logged, create_many_logged, log_action, save_logged, update_logged
from kizuna.core.enums import WORKING_ROLES, OrgKind
from kizuna.core.models import Membership
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require
from kizuna.core.rules import is_hq_staff, memberships_of
from kizuna.core.workflow import transition

from .enums import ACTIVE, URGENCY, DisasterKind, SafetyReply, SafetyStatus
from .models import Participant, SafetyAnswer, SafetyConfirmation
from .rules import PA

LINK_VALID_FOR = timedelta(days=14)
REMIND_EVERY = timedelta(hours=6)  # the scheduled reminders: this long after the start or the last reminder
AUTOMATIC_REMINDERS = 3  # the schedule stops after this many; the button can always send another
ESCALATE_AFTER = 2  # reminders after which the supervisors are told
AREA_KINDS = (OrgKind.PREFECTURE, OrgKind.MUNICIPALITY, OrgKind.WARD)
LANGUAGES = ("ja", "en")


# -- the links ------------------------------------------------------------------------------------------------

class LinkProblem(Exception):
    """A link that opens nothing: `code` is "bad" (unknown, altered, or of another confirmation), "expired",
    or "closed" (a genuine link of a confirmation that is closed: `row` is its row)."""

    def __init__(self, code: str, row=None):
        super().__init__(code)
        self.code = code
        self.row = row  # the genuine row of a closed confirmation (its language, its title)


def _salt(confirmation: SafetyConfirmation) -> str:
    return f"kizuna.jet.safety:{confirmation.pk}:{confirmation.secret}"


def token_for(row: SafetyAnswer) -> str:
    return signing.dumps(row.pk, salt=_salt(row.confirmation), compress=False)


def answer_path(row: SafetyAnswer) -> str:
    return reverse("jet:safety_answer", args=[row.confirmation_id, token_for(row)])


def row_for_link(confirmation_pk: int, token: str) -> SafetyAnswer:
    """The row a link opens, or LinkProblem."""
    confirmation = SafetyConfirmation.objects.filter(pk=confirmation_pk).first()
    if confirmation is None:
        raise LinkProblem("bad")
    try:
        pk = signing.loads(token, salt=_salt(confirmation), max_age=LINK_VALID_FOR)
    except signing.SignatureExpired:
        raise LinkProblem("expired") from None
    except signing.BadSignature:
        raise LinkProblem("bad") from None
    row = (SafetyAnswer.objects.filter(confirmation=confirmation, pk=pk)
           .select_related("confirmation", "participant__person").first()) if isinstance(pk, int) else None
    if row is None:
        raise LinkProblem("bad")
    if not confirmation.is_open:
        raise LinkProblem("closed", row)
    return row


# -- starting -------------------------------------------------------------------------------------------------

def _covers(body_id: int, area) -> bool:
    return body_id in (area.pk, area.prefecture_id, area.parent_id)


def _body_of(by, areas) -> int | None:
    """None for headquarters (any area); for a PA, their coordinating body that covers every area."""
    if is_hq_staff(by):
        return None
    bodies = sorted({m.organisation_id for m in memberships_of(by) if m.role in PA})
    for body in bodies:
        if all(_covers(body, area) for area in areas):
            return body
    raise ValidationError({"areas": _("Choose areas of your own coordinating body.")}, code="not_your_area")


def participants_in(areas, body_id: int | None = None):
    """Participants in the programme (arrived, in post, leaving) placed in the areas: at a contracting
    organisation that is an area, or lies in one (a prefecture's municipalities, a designated city's wards)."""
    ids = [a.pk for a in areas]
    qs = Participant.objects.filter(status__in=ACTIVE).filter(
        Q(host__organisation__in=ids) | Q(host__organisation__prefecture__in=ids)
        | Q(host__organisation__parent__in=ids))
    if body_id is not None:
        qs = qs.filter(host__coordinating_body_id=body_id)
    return qs.select_related("host__organisation", "person").order_by("pk")


def _language(participant: Participant) -> str:
    person = participant.person
    language = getattr(person, "preferred_language", "") if person is not None else ""
    return language if language in LANGUAGES else "en"  # most participants read English first


MAIL_BATCH = 200  # rows whose mails one task writes


def _ask(rows, template: str) -> None:
    """Mail each row its link ("ask" at the start, "remind" later): after commit, a task per MAIL_BATCH rows
    writes the mails (each in the participant's language, with a link signed for its row) and queues each as
    its own task. Writing 6,000 mails inside the request made the person who started it wait for seconds."""
    from .tasks_safety import mail_safety_links  # the tasks module imports this one

    ids = [row.pk for row in rows]
    for start in range(0, len(ids), MAIL_BATCH):
        batch = ids[start:start + MAIL_BATCH]
        transaction.on_commit(lambda batch=batch: mail_safety_links.enqueue(row_ids=batch, template=template))


def mail_links(row_ids: list[int], template: str) -> int:
    """The mails of the rows (the task's work): a closed confirmation's rows, or rows answered since, get none
    when reminded."""
    rows = SafetyAnswer.objects.filter(pk__in=row_ids, confirmation__status=SafetyStatus.OPEN)
    if template == "remind":
        rows = rows.filter(answer="")
    rows = rows.select_related("confirmation", "participant").order_by("pk")
    for row in rows:
        queue_mail(to=row.participant.email, template=f"jet/safety/mail/{template}", language=row.language,
                   context={"row": row, "confirmation": row.confirmation, "participant": row.participant,
                            "path": answer_path(row), "valid_days": LINK_VALID_FOR.days})
    return len(rows)


@transaction.atomic
def start_confirmation(*, by, title: str, kind: str, areas) -> SafetyConfirmation:
    """Start a confirmation for the areas: one row per participant placed there, each mailed their link."""
    require(by, "jet.start_safety_confirmation")
    areas = list(areas)
    problems = {}
    if not title.strip():
        problems["title"] = _("Give the confirmation a title, e.g. the name of the typhoon.")
    if kind not in DisasterKind.values:
        problems["kind"] = _("Choose the kind of event.")
    if not areas:
        problems["areas"] = _("Choose at least one prefecture or municipality.")
    elif any(a.kind not in AREA_KINDS for a in areas):
        problems["areas"] = _("An area is a prefecture or a municipality.")
    if problems:
        raise ValidationError(problems)
    body_id = _body_of(by, areas)
    confirmation = create_logged(SafetyConfirmation, "jet.safetyconfirmation.create", by=by, title=title.strip(),
                                 kind=kind, body_id=body_id, started_by=by)
    confirmation.areas.set(areas)
    log_action(confirmation, "jet.safetyconfirmation.set_areas", by=by,
               changes={"areas": [[], sorted(a.pk for a in areas)]})
    rows = create_many_logged(SafetyAnswer, "jet.safetyanswer.create", by=by, rows=[
        {"confirmation": confirmation, "participant": p, "host_id": p.host_id,
         "coordinating_body_id": p.host.coordinating_body_id, "language": _language(p),
         "listed_code": p.host.organisation.code or "", "listed_name": p.family_name[:100]}
        for p in participants_in(areas, body_id)])
    _ask(rows, "ask")
    return confirmation


# -- answering ------------------------------------------------------------------------------------------------

def _held_open(pk: int) -> SafetyConfirmation:
    """The confirmation, locked so that it cannot close while an answer is being recorded, yet open to the
    other answers: on PostgreSQL a FOR KEY SHARE lock, which answers share and closing (a FOR UPDATE lock, in
    `transition`) waits for, and makes them wait for. With FOR UPDATE every answer of a confirmation waited for
    the one before it (bench/jet.py). SQLite writes one transaction at a time anyway."""
    if connection.vendor != "postgresql":
        return SafetyConfirmation.objects.get(pk=pk)
    table = SafetyConfirmation._meta.db_table
    return SafetyConfirmation.objects.raw(f'SELECT * FROM "{table}" WHERE id = %s FOR KEY SHARE', [pk])[0]


@transaction.atomic
def record_answer(*, by, row: SafetyAnswer, answer: str, location: str = "", note: str = "") -> SafetyAnswer:
    """The participant's answer through their link (`by` is whoever holds it, usually nobody signed in).
    Answering again replaces the answer; every answer is an entry of its own."""
    require(by, "jet.answer_safety", row)
    if answer not in SafetyReply.values:
        raise ValidationError({"answer": _("Choose safe, needs help or injured.")}, code="bad_answer")
    confirmation = _held_open(row.confirmation_id)
    if not confirmation.is_open:
        raise ValidationError(_("This safety confirmation is closed."), code="closed")
    participant = row.participant  # read before the row is locked: its entry names it
    row = SafetyAnswer.objects.select_for_update().get(pk=row.pk)
    row.confirmation, row.participant = confirmation, participant  # not read again while the row is locked
    row.answer, row.location, row.note = answer, location.strip()[:200], note.strip()[:2000]
    row.answered_at, row.urgency = timezone.now(), URGENCY[answer]
    save_logged(row, "jet.safetyanswer.answer", by=by,
                fields=["answer", "location", "note", "answered_at", "urgency"], data={"via": "signed link"})
    return row


# -- reminding and escalating ---------------------------------------------------------------------------------

def _unanswered(confirmation):
    return confirmation.answers.filter(answer="")


def _remind_rows(rows, *, by, now=None) -> int:
    rows = list(rows.select_related("confirmation", "participant"))
    if not rows:
        return 0
    update_logged(SafetyAnswer.objects.filter(pk__in=[r.pk for r in rows], answer=""), "jet.safetyanswer.remind",
                  by=by, reminders=F("reminders") + 1, last_reminded_at=now or timezone.now())
    _ask(rows, "remind")
    return len(rows)


def supervisor_emails(host_organisation_id: int) -> dict[str, str]:
    """The working members of a contracting organisation (its JET supervisors, 担当者): email → language."""
    found = (Membership.objects.active().filter(organisation_id=host_organisation_id, role__in=WORKING_ROLES)
             .values_list("person__email", "person__preferred_language"))
    return dict(sorted(found))


def escalate(confirmation: SafetyConfirmation, *, by) -> int:
    """Tell each contracting organisation's supervisors who of theirs is still unreached after the second
    reminder (once per participant). Returns the number of participants escalated."""
    rows = list(_unanswered(confirmation).filter(reminders__gte=ESCALATE_AFTER, escalated_at=None)
                .select_related("participant", "host__organisation").order_by("host_id", "participant__family_name"))
    if not rows:
        return 0
    by_host = defaultdict(list)
    for row in rows:
        by_host[row.host].append(row)
    for host, unreached in by_host.items():
        for email, language in supervisor_emails(host.organisation_id).items():
            queue_mail(to=email, template="jet/safety/mail/escalate", language=language or "ja",
                       context={"confirmation": confirmation, "host": host, "rows": unreached,
                                "path": confirmation.get_absolute_url()})
    update_logged(SafetyAnswer.objects.filter(pk__in=[r.pk for r in rows]), "jet.safetyanswer.escalate", by=by,
                  escalated_at=timezone.now())
    return len(rows)


@transaction.atomic
def remind(*, by, confirmation: SafetyConfirmation) -> int:
    """The button: remind everyone the person sees who has not answered; escalate those reminded twice."""
    require(by, "jet.remind_safety_confirmation", confirmation)
    if not confirmation.is_open:
        raise ValidationError(_("This safety confirmation is closed."), code="closed")
    sent = _remind_rows(_unanswered(confirmation) & SafetyAnswer.objects.visible_to(by), by=by)
    escalate(confirmation, by=by)
    return sent


@transaction.atomic
def remind_due(*, now=None) -> int:
    """The schedule (hourly): those unanswered REMIND_EVERY after the start or their last reminder are reminded,
    up to AUTOMATIC_REMINDERS times; then escalation. A system step. Returns the number of reminders."""
    now = now or timezone.now()
    sent = 0
    for confirmation in SafetyConfirmation.objects.filter(status=SafetyStatus.OPEN).order_by("pk"):
        due = (_unanswered(confirmation).filter(reminders__lt=AUTOMATIC_REMINDERS)
               .annotate(last=Coalesce("last_reminded_at", F("confirmation__started_at")))
               .filter(last__lte=now - REMIND_EVERY))
        sent += _remind_rows(due, by=SYSTEM, now=now)
        escalate(confirmation, by=SYSTEM)
    return sent


# -- closing --------------------------------------------------------------------------------------------------

def close_confirmation(*, by, confirmation: SafetyConfirmation) -> SafetyConfirmation:
    """Closed, the confirmation is a record: links stop working, nothing is reminded, the board is read-only."""
    return transition(confirmation, "close", by=by, closed_at=timezone.now())
