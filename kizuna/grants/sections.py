"""The grants section of a JET participant's page: their subsidy claims, and the claim calls open to them."""

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from kizuna.core.sections import register_section

from .models import Application, Call


@register_section(page="jet.participant")
def participant_claims(request, participant):
    user = request.user
    # Only what the section shows (a scheme's row is wide: its rules and figures are JSON, decoded for each row).
    claims = list(Application.objects.visible_to(user).filter(beneficiary=participant)
                  .select_related("call__scheme")
                  .only("status", "requested_amount", "decided_amount", "call__title", "call__scheme__name",
                        "call__scheme__name_en")
                  .order_by("-pk")[:50])
    calls = []
    if participant.person_id == user.pk:
        now = timezone.now()
        calls = [c for c in Call.objects.visible_to(user, "grants.start_application")
                 .filter(scheme__claims_for_participants=True, opens_at__lte=now, closes_at__gt=now)
                 .select_related("scheme").order_by("closes_at")]
    if not claims and not calls:
        return None
    return {"title": pgettext_lazy("participant page", "Subsidy claims"), "template": "grants/_participant_claims.html",
            "context": {"claims": claims, "calls": calls}}
