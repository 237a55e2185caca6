"""Reads shared by pages, the API, packs and the benchmark. Lists read `visible_to` (kizuna/signage/rules.py)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q

from kizuna.core import history
from kizuna.core.rules import working_orgs
from kizuna.core.search import fold, search_names

from .models import Category, Message, Pack, Purpose, Translation
from .signs import current_translations


def messages(user, *, q: str = "", category=None, purpose=None, languages=("ja", "en")):
    """The bank (and the person's organisation's own messages) by keyword in any language, category and
    purpose, with the current text in `languages` prefetched as `current`."""
    qs = Message.objects.visible_to(user).select_related("category", "organisation")
    if category is not None:
        qs = qs.filter(category=category)
    if purpose is not None:
        qs = qs.filter(purposes=purpose)
    qs = qs.prefetch_related(current_translations(languages), "purposes")
    if q and fold(q):
        return search_names("sign_messages", q, qs)
    return qs


def message_with_translations(user, pk):
    """One message the person may open, with every translation (`all_translations`) and its purposes; raises
    Message.DoesNotExist otherwise."""
    everything = Translation.objects.select_related("proposed_by", "reviewer").order_by("language", "-created_at")
    return (Message.objects.visible_to(user).select_related("category", "organisation")
            .prefetch_related(Prefetch("translations", queryset=everything, to_attr="all_translations"),
                              "purposes")
            .get(pk=pk))


def message_history(message, translations, limit: int = 100) -> list:
    """The history of a message and its translations in words (kizuna.core.history), newest first; what
    concerns one translation names its language."""
    types = ContentType.objects.get_for_models(Message, Translation)
    languages = {str(t.pk): t.language for t in translations}
    entries = list(LogEntry.objects.filter(
        Q(content_type=types[Message], object_pk=str(message.pk))
        | Q(content_type=types[Translation], object_pk__in=list(languages)))
        .select_related("actor").order_by("-timestamp", "-pk")[:limit])
    described = history.describe(entries)
    for entry, words in zip(entries, described, strict=True):
        if entry.content_type_id == types[Translation].pk:
            words.what = f"{words.what} ({languages[entry.object_pk]})"
    return described


def categories():
    return Category.objects.all()


def purposes():
    return Purpose.objects.all()


def packs(user):
    return Pack.objects.visible_to(user)


def translations(user):
    """Translations of messages the person can see (for reviews)."""
    return Translation.objects.visible_to(user).select_related("message")


def own_messages(user, languages=("ja", "en")):
    """The messages of the organisations the person acts for, with their current text in `languages`."""
    return (Message.objects.visible_to(user, "signage.change_message")
            .select_related("category", "organisation", "created_by")
            .prefetch_related(current_translations(languages)).order_by("organisation", "number"))


def deleted_own_messages(user, limit: int = 50):
    """Audit entries of own messages deleted in the person's organisations, newest first (the organisation,
    key and texts are in the entry's data: `delete_message`)."""

    orgs = [o.pk for o in working_orgs(user)]
    return (LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Message),
                                    action=LogEntry.Action.DELETE, additional_data__organisation__in=orgs)
            .select_related("actor").order_by("-timestamp")[:limit])
