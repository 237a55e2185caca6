"""Participants found by name (passport or katakana), reading or JET number (kizuna/core/search)."""

from django.db.models import Count, Max

from kizuna.core.audit import audit_version
from kizuna.core.search import Forms, NameSearch, register_name_search

from .models import Participant


class ParticipantSearch(NameSearch):
    name = "jet_participants"

    def version(self) -> str:
        found = Participant.objects.aggregate(n=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
        return f"{found['n']}.{found['last']}.{found['changed']}.{audit_version(Participant)}"

    def records(self):
        for pk, number, family, given, katakana in Participant.objects.values_list(
                "pk", "jet_number", "family_name", "given_names", "name_katakana"):
            forms = Forms(pk, order=(family.lower(), given.lower()))
            forms.add_name(f"{given} {family}", strip=False)
            forms.add_name(f"{family} {given}", strip=False)
            forms.add_name(family, strip=False)
            if katakana:
                forms.add_name(katakana, strip=False)
            forms.codes.add(number)
            yield forms


register_name_search(ParticipantSearch())
