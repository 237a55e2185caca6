"""The figures import: Facebook's, Instagram's and a generic export; a bad file is refused whole with a row-by-row
report in the reader's language, and nothing is changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kizuna.social.importing import import_figures
from kizuna.social.models import Post

from .conftest import account, post

pytestmark = pytest.mark.django_db


def _posted(world, n=2):
    return [post(world, status="posted", text=f"post {i}") for i in range(n)]


def test_import_facebook_export_by_permalink(world):
    a, (p1, p2) = account(world), _posted(world)
    csv = ("Post ID,Permalink,Publish time,Impressions,Reach,\"Reactions, Comments and Shares\"\n"
           f"111,{p1.posted_url},2026-01-01,2300,1500,87\n"
           f"222,{p2.posted_url.replace('https://www.', 'http://')}/,2026-01-02,\"1,200\",800,12\n")
    report = import_figures(by=world.people["office_staff"], account=a, content=csv.encode(), filename="fb.csv")
    assert (report.saved, report.errors) == (True, 0)
    p1.refresh_from_db()
    p2.refresh_from_db()
    assert (p1.reach, p1.impressions, p1.engagements) == (1500, 2300, 87)
    assert (p2.reach, p2.impressions, p2.engagements) == (800, 1200, 12)


def test_import_instagram_export_by_post_id_adds_up_likes_comments_shares(world):
    a, (p1, _p2) = account(world), _posted(world)
    post_id = p1.posted_url.rstrip("/").rsplit("/", 1)[1]
    csv = f"Post ID,Account username,Views,Reach,Likes,Comments,Shares,Saves\n{post_id},clairny,900,700,30,4,2,9\n"
    report = import_figures(by=world.people["office_staff"], account=a, content=csv.encode(), filename="ig.csv")
    assert report.saved
    p1.refresh_from_db()
    assert (p1.reach, p1.impressions, p1.engagements) == (700, 900, 36)


def test_import_generic_japanese_headers_in_shift_jis(world):
    a, (p1,) = account(world), _posted(world, 1)
    csv = f"投稿リンク,リーチ,インプレッション,エンゲージメント\n{p1.posted_url},10,20,3\n"
    report = import_figures(by=world.people["hq_staff"], account=a, content=csv.encode("cp932"), filename="x.csv")
    assert report.saved
    p1.refresh_from_db()
    assert (p1.reach, p1.impressions, p1.engagements) == (10, 20, 3)


def test_import_bad_file_is_refused_whole_with_a_row_report(world, client_for):
    a, (p1, p2) = account(world), _posted(world)
    draft = post(world, text="not posted")
    csv = ("link,reach,impressions,engagements\n"
           f"{p1.posted_url},100,200,5\n"
           "https://www.facebook.com/clairny/posts/unknown,1,2,3\n"
           f"{p2.posted_url},many,2,3\n"
           f"{p1.posted_url},1,2,3\n"
           f"https://example.jp/{draft.pk},1,1,1\n")
    upload = SimpleUploadedFile("figures.csv", csv.encode(), content_type="text/csv")
    response = client_for("office_staff").post(reverse("social:figures_import", args=[a.pk]), {"file": upload})
    assert response.status_code == 400
    report = response.context["report"]
    assert [(line, outcome) for line, _key, outcome, _m in report.rows] == [
        (2, "ok"), (3, "error"), (4, "error"), (5, "error"), (6, "error")]
    body = response.content.decode()
    assert "このアカウントの投稿済みの投稿に、このリンクまたはIDのものはありません。" in body
    assert "同じ投稿がファイルに2回あります。" in body
    assert list(Post.objects.filter(reach__isnull=False)) == []


def test_import_without_a_post_column_is_refused(world):
    report = import_figures(by=world.people["office_staff"], account=account(world),
                            content=b"reach,impressions\n1,2\n", filename="x.csv")
    assert (report.saved, report.errors) == (False, 1)


def test_import_forbidden_to_another_office(world, client_for):
    response = client_for("branch_staff").get(reverse("social:figures_import", args=[account(world).pk]))
    assert response.status_code == 404
