"""The event list as open data, in the column layout of イベント一覧 in the Digital Agency's
自治体標準オープンデータセット (デジタル庁; formerly 推奨データセット of the 内閣官房 IT 総合戦略室).

Source of the layout: the dataset's item definition (データ項目定義) for イベント一覧, as reproduced in
NEC-FIWARE/smart-data-models, cio/06_イベント一覧/datamodels.md, and matched column for column by independent
importers of published event CSVs. Its 32 items open with four metadata items (都道府県コード又は市区町村コード, NO,
都道府県名, 市区町村名) that the 自治体標準 edition merged into three (全国地方公共団体コード, ID, 地方公共団体名, the
header other 自治体標準 datasets carry); the 28 event items follow unchanged. The Digital Agency's own page could
not be fetched from here: re-check the header against its current spreadsheet when it is revised.

Value formats of the definition: 開始日 / 終了日 / 参加申込終了日 as YYYY-MM-DD, 開始時間 / 終了時間 /
参加申込終了時間 as hh:mm, 料金(基本) in whole yen and 定員 in people as plain numbers, 緯度 / 経度 in decimal
degrees. Times are Japan time; an overseas event's local time goes to 開始日時特記事項.

Written as UTF-8 with a BOM (so that Excel opens it correctly) and CRLF line ends; text that a spreadsheet would
run as a formula is quoted (kizuna.core.spreadsheets)."""

import csv
import io

from django.conf import settings
from django.utils import translation

from kizuna.core.spreadsheets import safe_cell

from .models import JST

COLUMNS = [
    "全国地方公共団体コード", "ID", "地方公共団体名", "イベント名", "イベント名_カナ", "イベント名_英語",
    "開始日", "終了日", "開始時間", "終了時間", "開始日時特記事項", "説明", "料金(基本)", "料金(詳細)",
    "連絡先名称", "連絡先電話番号", "連絡先内線番号", "主催者", "場所名称", "住所", "方書", "緯度", "経度",
    "アクセス方法", "駐車場情報", "定員", "参加申込終了日", "参加申込終了時間", "参加申込方法", "URL", "備考",
]
# The publishing body. CLAIR is not a local government: it has no 全国地方公共団体コード, so that column stays
# empty and 地方公共団体名 names the publisher.
PUBLISHER = "一般財団法人自治体国際化協会"


def _date(moment) -> str:
    return f"{moment.astimezone(JST):%Y-%m-%d}" if moment else ""


def _time(moment) -> str:
    return f"{moment.astimezone(JST):%H:%M}" if moment else ""


def _row(event) -> list[str]:
    url = settings.SITE_URL.rstrip("/") + event.get_absolute_url()
    note = ""
    if event.shows_two_zones:
        start, end = event.in_venue_zone(event.starts_at), event.in_venue_zone(event.ends_at)
        note = f"現地時間 {start:%Y-%m-%d %H:%M}〜{end:%Y-%m-%d %H:%M} ({event.venue_timezone})"
    closes = event.closes_at or event.starts_at  # registration closes when the event starts unless set earlier
    remarks = [f"形式: {event.get_format_display()}", f"対象: {event.get_audience_display()}"]
    if event.country != "JP":
        remarks.append(f"開催国: {event.country}")
    return [
        "", str(event.pk), PUBLISHER, event.title, event.title_kana, event.title_en,
        _date(event.starts_at), _date(event.ends_at), _time(event.starts_at), _time(event.ends_at), note,
        event.description, str(event.fee), "" if event.fee else "無料", event.contact, "", "",
        event.organiser.name, event.venue_name or ("オンライン" if event.format == "online" else ""),
        event.venue_address, "", "", "", "", "", "" if event.capacity is None else str(event.capacity),
        _date(closes), _time(closes), f"Webフォームから申込 ({url})", url, " / ".join(remarks),
    ]


def events_csv(events) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    with translation.override("ja"):  # the dataset is in Japanese whatever the reader's language
        for event in events:
            writer.writerow([safe_cell(v) for v in _row(event)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
