"""The demo reappointment round: headquarters' open round for the appointment years starting next summer, with
the rows of the contracting organisations that have demo supervisors (Sendai, Chiyoda) in every state, written
through the services so that each has its audit entries and mails. The demo participant (Emily Carter) is left
to state her own intention."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import WORKING_ROLES
from kizuna.core.models import Membership, User

from . import reappointment
from .enums import MAX_YEARS, Reappointment
from .models import ReappointmentRound

# The states the rows of the hosts with demo supervisors go through, in turn (None: left awaiting).
STEPS = ["stays", "leaves", "agreed", "declined", "intends_stay", "intends_leave", None]
REASON_FOR_MORE_YEARS = "授業と地域行事での評価が高く、学校からの継続の希望がある"


def _supervisor(host_organisation_id):
    found = (Membership.objects.active().filter(organisation_id=host_organisation_id, role__in=WORKING_ROLES,
                                                person__email__endswith=f"@{DEMO_DOMAIN}")
             .select_related("person").order_by("pk").first())
    return found.person if found is not None else None


def _take(row, step, *, supervisor, hq):
    stays = step in ("stays", "agreed", "declined", "intends_stay") and row.current_year < MAX_YEARS
    row = reappointment.state_intention(by=supervisor, row=row, stay=stays)
    if not stays:
        return reappointment.confirm(by=hq, row=row) if step == "leaves" else row
    if step == "declined":
        return reappointment.decline(by=supervisor, row=row, reason="配置校の統合により来年度の配置がなくなるため")
    if step in ("agreed", "stays"):
        row = reappointment.agree(by=supervisor, row=row, reason=REASON_FOR_MORE_YEARS if row.next_year > 3 else "")
    return reappointment.confirm(by=hq, row=row) if step == "stays" else row


@transaction.atomic
def seed_reappointment_demo() -> dict:
    hq = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first()
    if hq is None or ReappointmentRound.objects.exists():
        return {"reappointment_rounds": 0}
    today = timezone.localdate()
    rnd = reappointment.open_round(by=hq, year=today.year + 1 if today.month >= 8 else today.year,
                                   intention_deadline=today + timedelta(days=21),
                                   decision_deadline=today + timedelta(days=42),
                                   confirmation_deadline=today + timedelta(days=60))
    n = 0
    for row in rnd.intentions.select_related("host", "participant", "round").order_by("pk"):
        supervisor = _supervisor(row.host.organisation_id)
        if supervisor is None or row.participant.person_id is not None:
            continue  # no demo supervisor here, or the demo participant (she states her own)
        step = STEPS[n % len(STEPS)]
        n += 1
        if step is not None:
            _take(row, step, supervisor=supervisor, hq=hq)
    adjusted = rnd.intentions.filter(status=Reappointment.LEAVES).order_by("pk").first()
    if adjusted is not None:  # one contracting organisation takes one more next year, agreed with headquarters
        reappointment.adjust_places(by=hq, rnd=rnd, host_id=adjusted.host_id, change=1,
                                    reason="新設の小学校に配置するため1人増員（本部と協議済み）")
    return {"reappointment_rounds": 1, "reappointment_intentions": rnd.intentions.count(),
            "places_adjustments": rnd.adjustments.count()}
