"""Kinds, states and vocabularies of the information library and the multicultural portal, and the works'
transition table.

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable


class Kind(models.TextChoices):
    CLAIR_REPORT = "clair_report", _("CLAIR Report")
    OVERSEAS_SERIES = "overseas_series", _("Local Government Overseas series")
    MAGAZINE_ISSUE = "magazine_issue", _("Forum magazine issue")
    MAGAZINE_ARTICLE = "magazine_article", _("Forum magazine article")
    RESEARCH_ANSWER = "research_answer", _("Research answer of an overseas office")
    CASE_STUDY = "case_study", _("Case study for readers abroad")
    GOOD_PRACTICE = "good_practice", _("Good practice in multicultural coexistence")
    TOOL = "tool", _("Tool for multicultural coexistence")
    GUIDE = "guide", pgettext_lazy("publication kind", "Guide")
    NEWSLETTER_ISSUE = "newsletter_issue", _("Mail magazine or newsletter issue")


# The kinds of the multicultural portal, which local governments and associations submit to CLAIR.
PORTAL_KINDS = frozenset({Kind.GOOD_PRACTICE, Kind.TOOL})
# Kinds numbered in a series: their identifier is the series' name and the number ("CLAIR Report No. 512").
NUMBERED_KINDS = frozenset({Kind.CLAIR_REPORT, Kind.OVERSEAS_SERIES, Kind.MAGAZINE_ISSUE})
# Only the flows make these (research answers from the requests app, sent mail issues from the newsletter
# app): a person does not create one by hand.
FLOWING_KINDS = frozenset({Kind.RESEARCH_ANSWER, Kind.NEWSLETTER_ISSUE})

SERIES_NAMES = {
    Kind.CLAIR_REPORT: ("クレアレポート 第%(number)s号", "CLAIR Report No. %(number)s"),
    Kind.OVERSEAS_SERIES: ("海外の地方自治シリーズ 第%(number)s号", "Local Government Overseas No. %(number)s"),
    Kind.MAGAZINE_ISSUE: ("自治体国際化フォーラム 第%(number)s号", "Jichitai Kokusaika Forum No. %(number)s"),
}


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("publication", "Draft")
    REVIEW = "review", pgettext_lazy("publication", "In review")
    PUBLISHED = "published", pgettext_lazy("publication", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("publication", "Withdrawn")


WORK_TRANSITIONS = TransitionTable(
    Transition("submit", {Status.DRAFT}, Status.REVIEW, "library.submit_work",
               pgettext_lazy("publication", "Send for review"), guard="complete"),
    Transition("return", {Status.REVIEW}, Status.DRAFT, "library.review_work",
               pgettext_lazy("publication", "Return for changes")),
    Transition("publish", {Status.REVIEW}, Status.PUBLISHED, "library.review_work",
               pgettext_lazy("publication", "Publish"), guard="complete", fields=("published_at",)),
    Transition("withdraw", {Status.PUBLISHED}, Status.WITHDRAWN, "library.review_work",
               pgettext_lazy("publication", "Withdraw"), guard="noticed", fields=("withdrawn_at", "withdrawal_notice")),
    # The research flow: an office's answer is in the library while the request stays published.
    Transition("retract", {Status.PUBLISHED}, Status.WITHDRAWN, label=_("Withdrawn with its research answer"),
               system=True, fields=("withdrawn_at", "withdrawal_notice")),
    Transition("restore", {Status.WITHDRAWN}, Status.PUBLISHED, label=_("Published again with its research answer"),
               system=True, fields=("published_at", "withdrawn_at", "withdrawal_notice")),
)


class PortalField(models.TextChoices):
    """The portal's fields of multicultural coexistence."""

    HEALTH = "health", _("Health and medical care")
    DISASTER = "disaster", _("Disaster preparedness")
    EDUCATION = "education", _("Children's education")
    WORK = "work", _("Work and employment")
    HOUSING = "housing", _("Housing")
    PARTICIPATION = "participation", _("Participation in the community")
    MULTILINGUAL = "multilingual", _("Multilingual information")
    JAPANESE = "japanese", _("Japanese-language learning")


class Region(models.TextChoices):
    """Japan's regions, by which the portal lists practices."""

    HOKKAIDO = "hokkaido", _("Hokkaidō")
    TOHOKU = "tohoku", _("Tōhoku")
    KANTO = "kanto", _("Kantō")
    CHUBU = "chubu", _("Chūbu")
    KINKI = "kinki", _("Kinki")
    CHUGOKU = "chugoku", _("Chūgoku")
    SHIKOKU = "shikoku", _("Shikoku")
    KYUSHU = "kyushu", _("Kyūshū and Okinawa")
    NATIONWIDE = "nationwide", _("Nationwide")


# Prefecture codes (JIS X 0401, the first two digits of a local-government code) by region.
PREFECTURE_REGIONS = {
    **{1: Region.HOKKAIDO}, **dict.fromkeys(range(2, 8), Region.TOHOKU), **dict.fromkeys(range(8, 15), Region.KANTO),
    **dict.fromkeys(range(15, 24), Region.CHUBU), **dict.fromkeys(range(24, 31), Region.KINKI),
    **dict.fromkeys(range(31, 36), Region.CHUGOKU), **dict.fromkeys(range(36, 40), Region.SHIKOKU),
    **dict.fromkeys(range(40, 48), Region.KYUSHU),
}


class Language(models.TextChoices):
    """The languages of editions (ISO 639-1; Chinese by script)."""

    JA = "ja", _("Japanese")
    EN = "en", _("English")
    ZH_HANS = "zh-hans", _("Chinese (simplified)")
    ZH_HANT = "zh-hant", _("Chinese (traditional)")
    KO = "ko", _("Korean")
    FR = "fr", _("French")
    DE = "de", _("German")
    ES = "es", _("Spanish")
    PT = "pt", _("Portuguese")
    VI = "vi", _("Vietnamese")
    ID = "id", _("Indonesian")
    TH = "th", _("Thai")
    TL = "tl", _("Filipino")
    NE = "ne", _("Nepali")
    MY = "my", _("Burmese")


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"
    XLSX = "xlsx", "Excel"


class Extraction(models.TextChoices):
    """Where a file's text stands: waiting for the worker, read, a scan without text, or unreadable."""

    PENDING = "pending", pgettext_lazy("text extraction", "Waiting")
    DONE = "done", pgettext_lazy("text extraction", "Text read")
    NO_TEXT = "no_text", _("No text (a scan?)")
    FAILED = "failed", pgettext_lazy("text extraction", "Could not be read")
