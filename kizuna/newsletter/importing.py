"""Existing subscribers from a spreadsheet (CSV or Excel): all or nothing, with a row-by-row report.

Columns (English or Japanese headers): email (required), consent_date (required: the day the reader agreed to
receive the list; without it nobody is added), name, language (one of the list's; the list's own when empty),
topics (the list's topic keys or names, separated by ";"). An address already on the list is left as it is; an
address that unsubscribed, bounced or complained is never added back by an import."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_many_logged
from kizuna.core.imports import ImportReport, cell_date, read_table
from kizuna.core.policies import require

from .enums import Language, Source, SubscriptionStatus
from .models import Subscription
from .services import check_email

COLUMNS = {
    "email": ("メールアドレス", "メール", "e-mail", "email address", "address"),
    "consent_date": ("同意日", "consent", "consented on", "opt-in date", "subscribed on"),
    "name": ("氏名", "名前", "full name"),
    "language": ("言語", "lang"),
    "topics": ("トピック", "関心分野", "topic"),
}
REQUIRED = ("email", "consent_date")
MAX_ROWS = 100_000


def _language(value: str, mailing_list) -> str | None:
    text = value.strip().lower()
    if not text:
        return mailing_list.main_language
    names = {str(label).lower(): code for code, label in Language.choices}
    names |= {"japanese": "ja", "english": "en", "日本語": "ja", "英語": "en", "chinese": "zh-hans",
              "中国語": "zh-hans", "korean": "ko", "韓国語": "ko", "french": "fr", "フランス語": "fr"}
    code = text if text in Language.values else names.get(text)
    return code if code in mailing_list.languages else None


def import_subscribers(*, by, mailing_list, content: bytes, filename: str) -> ImportReport:
    require(by, "newsletter.manage_list", mailing_list)
    table = read_table(content, filename, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS)
    report = ImportReport()
    if table.missing:
        raise ValidationError(_("The file has no column for: %(columns)s.") % {"columns": ", ".join(table.missing)},
                              code="missing_columns")
    topics = {t.slug: t for t in mailing_list.topics.all()}
    topics |= {t.name: t for t in mailing_list.topics.all()} | {t.name_en.lower(): t for t in mailing_list.topics.all()
                                                                  if t.name_en}
    existing = dict(Subscription.objects.filter(mailing_list=mailing_list).values_list("email", "status"))
    seen, rows, chosen = set(), [], []
    today = timezone.localdate()
    for row in table.rows:
        key = row["email"][:80]
        try:
            email = check_email(row["email"])
        except ValidationError:
            report.add(row.line, key, "error", _("Not an email address."))
            continue
        if email.lower() in seen:
            report.add(row.line, email, "error", _("The address is in the file twice."))
            continue
        seen.add(email.lower())
        consent = cell_date(row["consent_date"])
        if consent is None or consent > today:
            report.add(row.line, email, "error", _("The consent date is missing or not a past date: without the "
                                                   "reader's consent nobody is added."))
            continue
        language = _language(row["language"], mailing_list)
        if language is None:
            report.add(row.line, email, "error", _("“%(value)s” is not a language of this list.")
                       % {"value": row["language"][:40]})
            continue
        wanted = [w.strip() for w in row["topics"].replace("；", ";").split(";") if w.strip()]
        unknown = [w for w in wanted if (topics.get(w) or topics.get(w.lower())) is None]
        if unknown:
            report.add(row.line, email, "error", _("Not a topic of this list: %(topics)s.")
                       % {"topics": ", ".join(unknown)[:80]})
            continue
        status = existing.get(email)
        if status == SubscriptionStatus.ACTIVE:
            report.add(row.line, email, "skipped", _("Already subscribed: left as it is."))
            continue
        if status is not None and status != SubscriptionStatus.PENDING:
            report.add(row.line, email, "skipped", _("This reader left the list or the address bounced: an import "
                                                     "never adds them back."))
            continue
        if status == SubscriptionStatus.PENDING:
            report.add(row.line, email, "skipped", _("Awaiting the reader's own confirmation: left as it is."))
            continue
        moment = timezone.make_aware(timezone.datetime.combine(consent, timezone.datetime.min.time()))
        rows.append({"mailing_list": mailing_list, "email": email, "name": row["name"][:120], "language": language,
                     "status": SubscriptionStatus.ACTIVE, "source": Source.IMPORT, "consent_at": moment,
                     "confirmed_at": moment})
        chosen.append([topics.get(w) or topics.get(w.lower()) for w in wanted])
        report.add(row.line, email, "ok", _("Added."))
    if report.errors:
        return report
    with transaction.atomic():
        created = create_many_logged(Subscription, "newsletter.subscription.import", by=by, rows=rows,
                                     data={"file": filename[:200]})
        links = [Subscription.topics.through(subscription_id=s.pk, topic_id=t.pk)
                 for s, wanted in zip(created, chosen, strict=True) for t in wanted]
        Subscription.topics.through.objects.bulk_create(links, batch_size=1000)
    report.saved = True
    return report
