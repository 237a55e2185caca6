"""Seconded staff found by the person's name, its reading or their email address, or by the home local
government's name or reading (kizuna/core/search)."""

from django.db.models import Count, Max

from kizuna.core.audit import audit_version
from kizuna.core.models import User
from kizuna.core.search import Forms, NameSearch, register_name_search

from .models import Secondment


class SecondmentSearch(NameSearch):
    name = "secondments"

    def version(self) -> str:
        found = Secondment.objects.aggregate(n=Count("pk"), last=Max("pk"))
        return f"{found['n']}.{found['last']}.{audit_version(Secondment, User)}"

    def records(self):
        for pk, name, kana, email, home, home_kana, home_en in Secondment.objects.values_list(
                "pk", "person__full_name", "person__full_name_kana", "person__email", "home_government__name",
                "home_government__name_kana", "home_government__name_en"):
            forms = Forms(pk, order=(kana or name or email,))
            if name:
                forms.add_name(name, strip=False)
                forms.add_name(name.replace(" ", "").replace("\u3000", ""), strip=False)
            if kana:
                forms.add_sound(kana)
            forms.codes.add(email.lower())
            forms.add_name(home)
            if home_kana:
                forms.add_sound(home_kana)
            if home_en:
                forms.add_name(home_en)
            yield forms


register_name_search(SecondmentSearch())
