"""The main menu: kept for visitors without an account (the same for all of them), rendered for each signed-in
person from their permissions; the current item marked either way."""

import re

from django.test import Client


def _menu(html: str) -> list[tuple[str, bool]]:
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return [(label, bool(current)) for current, label in
            re.findall(r'<li><a href="[^"]*" ?(aria-current="page")?>([^<]+)</a></li>', nav)]


def test_a_visitors_menu_marks_the_page_they_are_on_in_their_language_each_time(db):
    visitor = Client()
    for _ in range(2):  # the second time from what was kept
        directory = _menu(visitor.get("/organisations/").content.decode())
        events = _menu(visitor.get("/events/").content.decode())
        assert [label for label, current in directory if current] == ["団体"]
        assert [label for label, current in events if current] == ["イベント"]
        assert [label for label, _ in directory] == [label for label, _ in events]
    english = _menu(Client(headers={"accept-language": "en"}).get("/events/").content.decode())
    assert [label for label, current in english if current] == ["Events"]


def test_a_signed_in_persons_menu_follows_their_permissions_not_the_visitors_kept_one(world):
    visitor = _menu(Client().get("/organisations/").content.decode())
    staff = _menu(world.client_for("hq_staff").get("/organisations/").content.decode())
    assert "プロフィール" not in [label for label, _ in visitor]
    assert {"プロフィール", "事業計画ダッシュボード"} <= {label for label, _ in staff}
    assert [label for label, current in staff if current] == ["団体"]
