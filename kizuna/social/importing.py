"""Reach and engagement of an account's posts from the platform's export (Meta Business Suite for Facebook and
Instagram, X's analytics, or any sheet with the generic columns). All or nothing: every row must name a posted
post of the account, by its link or by the platform's post id (found in the post's address), with whole numbers;
if any row is refused nothing is saved, and the report says why, row by row.

Columns (any case; English or Japanese): link (Permalink, Post link, Tweet permalink, 投稿リンク), post_id
(Post ID, Tweet id, 投稿ID), reach (Reach, リーチ), impressions (Impressions, Views, インプレッション), engagements
(Engagements, "Reactions, comments and shares", Interactions, エンゲージメント) — or, without an engagements
column, reactions (Reactions, Likes), comments and shares, which are added up."""

import re
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kizuna.core.audit import save_logged
from kizuna.core.imports import ImportReport, read_table
from kizuna.core.policies import require

from .enums import PostStatus
from .models import Account, Post

MAX_ROWS = 5_000
COLUMNS = {
    "link": ("permalink", "post link", "post url", "url", "link", "tweet permalink", "投稿リンク", "リンク", "URL"),
    "post_id": ("post id", "tweet id", "media id", "id", "投稿id"),
    "reach": ("post reach", "lifetime post total reach", "accounts reached", "リーチ", "リーチ数"),
    "impressions": ("views", "lifetime post total impressions", "インプレッション", "インプレッション数", "表示回数"),
    "engagements": ("engagement", "reactions, comments and shares", "interactions", "total interactions",
                    "エンゲージメント", "エンゲージメント数"),
    "reactions": ("likes", "reactions", "いいね", "いいね！", "リアクション"),
    "comments": ("replies", "コメント"),
    "shares": ("retweets", "reposts", "シェア"),
}
FIGURES = ("reach", "impressions", "engagements")
LABELS = {"reach": gettext_lazy("Reach"), "impressions": gettext_lazy("Impressions"),
          "engagements": gettext_lazy("Engagements")}
PARTS = ("reactions", "comments", "shares")


def _address(url: str) -> str:
    """A link as compared: no scheme, no "www.", no query or fragment, no trailing slash, lower case."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    return f"{host}{parts.path.rstrip('/')}".lower()


def _ids_of(url: str) -> set[str]:
    """The pieces of a post's address that a platform's export may give as its post id."""
    parts = urlsplit(url)
    found = {p for p in re.split(r"[/_?&=]", f"{parts.path}?{parts.query}") if p}
    return {p.lower() for p in found}


def _number(text: str) -> int | None | str:
    """A count as exports write it (1,234 or １２３４) → int; blank → None; anything else → the text (refused)."""
    clean = re.sub(r"[,\s]", "", text.translate(str.maketrans("０１２３４５６７８９，", "0123456789,")))
    if clean in ("", "-", "--"):
        return None
    return int(clean) if clean.isdigit() else text


def _figures(row) -> tuple[dict, str]:
    values, refused = {}, []
    for name in (*FIGURES, *PARTS):
        value = _number(row[name])
        if isinstance(value, str):
            refused.append(f"{name} “{value}”")
        elif value is not None:
            values[name] = value
    if refused:
        return {}, _("Not a whole number: %(cells)s.") % {"cells": ", ".join(refused)}
    if "engagements" not in values and any(p in values for p in PARTS):
        values["engagements"] = sum(values.get(p, 0) for p in PARTS)
    figures = {k: v for k, v in values.items() if k in FIGURES}
    if not figures:
        return {}, _("No reach, impressions or engagements in this row.")
    if any(v > 2**31 - 1 for v in figures.values()):
        return {}, _("A figure is too large.")
    return figures, ""


def import_figures(*, by, account: Account, content: bytes, filename: str) -> ImportReport:
    require(by, "social.import_figures", account)
    table = read_table(content, filename, columns=COLUMNS, max_rows=MAX_ROWS)
    found = set(table.rows[0].values) if table.rows else set()
    if table.rows and not found & {"link", "post_id"}:
        report = ImportReport()
        report.add(1, "", "error", _("No column names the post: add a “link” or “post id” column."))
        return report
    posted = list(Post.objects.filter(account=account, status=PostStatus.POSTED).exclude(posted_url=""))
    by_address = {_address(p.posted_url): p for p in posted}
    by_id = {}
    for p in posted:
        for piece in _ids_of(p.posted_url):
            by_id.setdefault(piece, []).append(p)
    report, changes, seen = ImportReport(), [], set()
    for row in table.rows:
        key = row["link"] or row["post_id"]
        post = by_address.get(_address(row["link"])) if row["link"] else None
        if post is None and row["post_id"]:
            matches = by_id.get(row["post_id"].strip().lower(), [])
            post = matches[0] if len(matches) == 1 else None
        figures, problem = _figures(row)
        if not key:
            report.add(row.line, "", "error", _("Neither a link nor a post id."))
        elif post is None:
            report.add(row.line, key, "error", _("No posted post of this account has this link or id."))
        elif post.pk in seen:
            report.add(row.line, key, "error", _("The same post is in the file twice."))
        elif problem:
            report.add(row.line, key, "error", problem)
        else:
            seen.add(post.pk)
            changes.append((post, figures))
            report.add(row.line, key, "ok", ", ".join(f"{LABELS[n]}: {v:,}" for n, v in figures.items()))
    if report.errors or not changes:
        if not changes and not report.errors:
            report.add(1, "", "error", _("The file has no rows."))
        return report
    now = timezone.now()
    with transaction.atomic():
        for post, figures in changes:
            for name, value in figures.items():
                setattr(post, name, value)
            post.figures_updated_at = now
            save_logged(post, "social.post.import_figures", by=by, fields=[*figures, "figures_updated_at"])
    report.saved = True
    return report
