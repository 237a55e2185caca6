"""Reads shared by pages, the API, packs and the benchmark."""

from django.db.models import Prefetch

from kizuna.core.text import normalise

from .models import Category, Message, Pack, Purpose, Translation
from .signs import current_translations


def messages(user, *, q: str = "", category=None, purpose=None, languages=("ja", "en")):
    """The bank (and the person's organisation's own messages) by keyword in any language, category and
    purpose, with the current text in `languages` prefetched as `current`."""
    qs = Message.objects.visible_to(user).select_related("category", "organisation")
    if q and normalise(q):
        qs = qs.search(q)
    if category is not None:
        qs = qs.filter(category=category)
    if purpose is not None:
        qs = qs.filter(purposes=purpose)
    return qs.prefetch_related(current_translations(languages), "purposes")


def message_with_translations(user, pk):
    everything = Translation.objects.select_related("proposed_by", "reviewer").order_by("language", "-created_at")
    return (Message.objects.visible_to(user).select_related("category", "organisation")
            .prefetch_related(Prefetch("translations", queryset=everything, to_attr="all_translations"),
                              "purposes")
            .get(pk=pk))


def categories():
    return Category.objects.all()


def purposes():
    return Purpose.objects.all()


def packs(user):
    return Pack.objects.visible_to(user)


def translations(user):
    """Translations of messages the person can see (for reviews)."""
    return Translation.objects.filter(message__in=Message.objects.visible_to(user)).select_related("message")


def own_messages(user, languages=("ja", "en")):
    """The messages of the organisations the person acts for, with their current text in `languages`."""
    from kizuna.core.rules import working_orgs

    orgs = [o.pk for o in working_orgs(user)]
    return (Message.objects.filter(organisation__in=orgs).select_related("category", "organisation", "created_by")
            .prefetch_related(current_translations(languages)).order_by("organisation", "number"))


def deleted_own_messages(user, limit: int = 50):
    """Audit entries of own messages deleted in the person's organisations, newest first."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from kizuna.core.rules import working_orgs

    orgs = [o.pk for o in working_orgs(user)]
    return (LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Message),
                                    action=LogEntry.Action.DELETE, additional_data__organisation__in=orgs)
            .select_related("actor").order_by("-timestamp")[:limit])
