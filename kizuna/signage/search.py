"""The phrase bank's search: a message by the words and texts it has in any language, the bank's order among
equals (kizuna/core/search). "Toilet" finds the message that says just that before "the toilet does not flush";
水 finds "水が出ない" by its word."""

from django.db.models import Count, Max, Sum

from kizuna.core.search import Forms, NameSearch, register_name_search

from .models import Message, Translation


class MessageSearch(NameSearch):
    name = "sign_messages"
    prefer_short = True  # 水 finds 飲み水 and 給水所 before the long sentences that mention water

    def version(self) -> str:
        messages = Message.objects.aggregate(n=Count("pk"), last=Max("pk"))
        texts = Translation.objects.filter(is_current=True).aggregate(n=Count("pk"), ids=Sum("pk"))
        return f"{messages['n']}.{messages['last']}.{texts['n']}.{texts['ids']}"

    def records(self):
        texts: dict[int, list[str]] = {}
        for message_id, text in Translation.objects.filter(is_current=True).values_list("message_id", "text"):
            texts.setdefault(message_id, []).append(text)
        for pk, key, own, category, number in Message.objects.values_list(
                "pk", "key", "organisation_id", "category__number", "number"):
            forms = Forms(pk, order=(own is not None, category, number))
            forms.codes.add(key)
            for text in texts.get(pk, ()):
                forms.add_text(text)
            yield forms


register_name_search(MessageSearch())
