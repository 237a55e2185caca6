"""The event list as open data, in the column layout of the Digital Agency's 自治体標準オープンデータセット
(イベント一覧). Written with a UTF-8 BOM so that Excel opens it correctly, CRLF line ends."""

import csv
import io

from django.conf import settings

from .models import JST

COLUMNS = [
    "全国地方公共団体コード", "ID", "地方公共団体名", "イベント名", "イベント名_カナ", "イベント名_英字",
    "開始日", "終了日", "開始時間", "終了時間", "開始日時特記事項", "説明", "料金(基本)", "料金(詳細)",
    "連絡先名称", "連絡先電話番号", "連絡先内線番号", "主催者", "場所名称", "住所", "方書", "緯度", "経度",
    "アクセス方法", "駐車場情報", "定員", "対象者", "申込開始日", "申込終了日", "申込方法", "申込方法_URL",
    "画像", "画像_ライセンス", "URL", "備考",
]
# The publishing body: CLAIR is not a local government, so its code column stays empty.
PUBLISHER = "一般財団法人自治体国際化協会"


def _row(event) -> list[str]:
    start, end = event.starts_at.astimezone(JST), event.ends_at.astimezone(JST)
    url = settings.SITE_URL.rstrip("/") + event.get_absolute_url()
    local = event.in_venue_zone(event.starts_at)
    note = f"現地時間 {local:%Y-%m-%d %H:%M} ({event.venue_timezone})" if event.shows_two_zones else ""
    return [
        "", str(event.pk), PUBLISHER, event.title, event.title_kana, event.title_en,
        f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}", f"{start:%H:%M}", f"{end:%H:%M}", note,
        event.description, str(event.fee) if event.fee else "無料", "", event.contact, "", "",
        event.organiser.name, event.venue_name or str(event.get_format_display()), event.venue_address, "", "", "",
        "", "", "" if event.capacity is None else str(event.capacity), str(event.get_audience_display()),
        f"{event.opens_at.astimezone(JST):%Y-%m-%d}" if event.opens_at else "",
        f"{event.closes_at.astimezone(JST):%Y-%m-%d}" if event.closes_at else "",
        "Webフォーム", url, "", "", url, "",
    ]


def events_csv(events) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow(_row(event))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
