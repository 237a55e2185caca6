"""The pages people start from: home per role, directory, organisation page, language, health."""

from django.test import Client

from kizuna.core.models import Organisation


def test_home_anonymous_offers_login_and_directory(db):
    response = Client().get("/")
    assert response.status_code == 200
    assert b'href="/accounts/login/"' in response.content


def test_home_lists_the_persons_organisations_and_open_invitations(world):
    from kizuna.core import services

    services.invite_member(by=world.people["municipality_admin"], organisation=world.chiyoda, email="jet@example.jp",
                           role="staff")
    admin_home = world.client_for("municipality_admin").get("/").context["items"]
    jet_home = world.client_for("jet").get("/").context["items"]
    assert [m.organisation for m in admin_home["memberships"]] == [world.chiyoda]
    sent = [i.email for i in admin_home["invitations_sent"]]
    received = [i.organisation for i in jet_home["invitations_for_me"]]
    assert (sent, received) == (["jet@example.jp"], [world.chiyoda])


def test_directory_finds_an_organisation_by_kana(world):
    response = Client().get("/organisations/", {"q": "ちよだ"})
    assert [o.name for o in response.context["page"]] == ["千代田区"]


def test_directory_htmx_request_returns_only_the_results(world):
    response = Client().get("/organisations/", {"q": "みなと"}, headers={"hx-request": "true"})
    assert (b"<html" in response.content, "港区" in response.content.decode()) == (False, True)


def test_directory_explains_a_code_with_a_wrong_check_digit(world):
    response = Client(headers={"accept-language": "en"}).get("/organisations/", {"q": "131017"})
    assert response.context["code_error"] == (
        "The check digit of 131017 is wrong: for 13101 it must be 6 (did you mean 131016?).")


def test_directory_query_count_is_flat(world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(q):
        with CaptureQueriesContext(connection) as ctx:
            Client().get("/organisations/", {"q": q})
        return len(ctx)

    count("港")  # the search index is built once per process and data version
    assert count("ちよだ") == count("とうきょう")


def test_organisation_page_shows_the_branch_of_a_municipality(world):
    response = Client().get(world.chiyoda.get_absolute_url())
    assert (response.status_code, response.context["branch"]) == (200, world.tokyo_branch)


def test_organisation_page_of_an_office_shows_countries_in_japanese(world):
    response = Client().get(world.nyc.get_absolute_url())
    assert "米国" in response.content.decode()


def test_organisation_page_of_an_office_names_its_time_zone(world):
    page = Client().get(world.nyc.get_absolute_url()).content.decode()
    # UTC−5 in winter, UTC−4 in summer: whichever it is today, the zone is named, never its code.
    assert ("ニューヨーク時間（UTC−" in page, "America/New_York" in page) == (True, False)


def test_organisation_page_history_only_for_clair_staff(world):
    staff = world.client_for("hq_staff").get(world.chiyoda.get_absolute_url())
    municipality = world.client_for("municipality_admin").get(world.chiyoda.get_absolute_url())
    assert ("history" in staff.context, "history" in municipality.context) == (True, False)


def test_organisation_page_missing_is_404(db):
    assert Client().get("/organisations/999999/").status_code == 404


def test_organisation_create_by_clair_staff(world):
    response = world.client_for("hq_staff").post("/organisations/new/", {
        "kind": "association", "name": "公益財団法人 宮城県国際化協会", "name_en": "Miyagi International Association",
        "prefecture": world.tokyo.pk})
    org = Organisation.objects.get(name="公益財団法人 宮城県国際化協会")
    assert (response.status_code, response["Location"], org.kind) == (302, org.get_absolute_url(), "association")


def test_organisation_create_refuses_reference_kinds(world):
    response = world.client_for("hq_staff").post("/organisations/new/", {"kind": "municipality", "name": "偽市"})
    assert (response.status_code, Organisation.objects.filter(name="偽市").exists()) == (400, False)


def test_organisation_create_denied_for_municipality_staff(world):
    response = world.client_for("municipality_admin").post("/organisations/new/", {"kind": "ngo", "name": "NPO"})
    assert (response.status_code, Organisation.objects.filter(name="NPO").exists()) == (403, False)


def test_language_switch_to_english_and_back(db):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/")
    client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    japanese = client.get("/")
    assert ('<html lang="en">' in english.content.decode(), '<html lang="ja">' in japanese.content.decode()) == (
        True, True)
    assert "Organisation directory" in english.content.decode()
    assert "団体名簿" in japanese.content.decode()


def test_healthz_answers_200_when_the_database_is_reachable(db):
    response = Client().get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def _policy(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def test_pages_send_a_content_security_policy(db):
    policy = _policy(Client().get("/"))
    assert {name: policy.get(name) for name in ("default-src", "script-src", "img-src", "object-src",
                                                "frame-ancestors", "form-action")} == {
        "default-src": ["'self'"], "script-src": ["'self'"], "img-src": ["'self'", "data:"],
        "object-src": ["'none'"], "frame-ancestors": ["'none'"], "form-action": ["'self'"]}


def test_page_inline_script_carries_the_nonce_of_the_policy(world):
    import re

    from tests.events.factories import EventFactory

    event = EventFactory(organiser=world.hq)
    response = world.client_for("hq_staff").get(f"/events/{event.pk}/check-in/")
    body = response.content.decode()
    nonce = re.fullmatch(r"'nonce-([A-Za-z0-9+/=]+)'", _policy(response)["script-src"][1]).group(1)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
    assert inline == [f' nonce="{nonce}"']


# Templates rendered into PDFs (WeasyPrint), never served as pages: their <style> needs no nonce.
PDF_TEMPLATES = {"grants/letter.html", "grants/letter_base.html", "grants/amount_letter.html",
                 "grants/refund_letter.html", "events/certificate.html", "learning/certificate.html",
                 "signage/print/board.html", "signage/print/card.html", "signage/print/sign.html",
                 "delegations/print/badges.html", "delegations/print/list.html", "delegations/print/itinerary.html",
                 "events/print/roster.html", "events/print/badges.html", "events/print/table_cards.html",
                 "signage/print/language_board.html", "signage/print/pictograms.html",
                 "dispatch/print/statement.html"}
# Templates rendered into mail (mail programs drop style sheets: styles are inline). Their one page, the staff's
# preview, is served under its own policy (newsletter.views.preview: inline styles, nothing else).
MAIL_TEMPLATES = {"newsletter/mail/issue.html"}


def test_templates_have_no_inline_code_the_policy_would_block():
    """No event handler attributes (onclick=), no style attributes, and every inline <script> or <style> with
    the request's nonce: the Content-Security-Policy blocks anything else."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "kizuna"
    found = []
    for path in sorted(root.glob("**/templates/**/*.html")):
        name = path.as_posix().split("/templates/", 1)[1]
        if name in PDF_TEMPLATES | MAIL_TEMPLATES:
            continue
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<[a-zA-Z][^>]*>", text):
            if re.search(r"\s(on[a-z]+|style)\s*=", tag) or (
                    re.match(r"<(script|style)\b", tag) and "src=" not in tag and "nonce=" not in tag):
                found.append(f"{name}: {tag[:80]}")
    assert found == []
