"""The expert registry's search: an expert by name (or its reading), field of expertise, language code or the
words of the profile (kizuna/core/search)."""

from django.db.models import Count, Max

from kizuna.core.audit import audit_version
from kizuna.core.search import Forms, NameSearch, register_name_search
from kizuna.core.search.tokens import reading, words

from .models import Expert


class ExpertSearch(NameSearch):
    name = "experts"

    def version(self) -> str:
        found = Expert.objects.aggregate(n=Count("pk"), last=Max("pk"))
        return f"{found['n']}.{found['last']}.{audit_version(Expert)}"

    def records(self):
        for expert in Expert.objects.only("pk", "name", "fields", "languages", "bio", "programme"):
            forms = Forms(expert.pk, order=(expert.programme, expert.name))
            forms.add_name(expert.name, strip=False)
            forms.add_sound(reading(expert.name))
            for field in expert.fields:
                forms.add_text(field)
            forms.codes.update(str(code).lower() for code in expert.languages)
            forms.words.update(words(expert.bio or ""))
            yield forms


register_name_search(ExpertSearch())
