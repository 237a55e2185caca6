"""The award's pages: nominating and the route through the prefecture, the eligibility check, the panel meeting
(ranking, conflicts, the decision, publication), the public winners page in Japanese and English; and the grants
pages of a no-money scheme."""

from django.urls import reverse
from django.utils import translation

from kizuna.awards import services
from kizuna.awards.enums import DEFAULT_CHECKLIST, Eligibility, NominationStatus
from kizuna.awards.models import Nomination
from kizuna.grants import services as grants

from .conftest import award_round, nomination, score_all, second_judge


def test_a_municipality_nominates_on_the_form_and_sends_it_to_its_prefecture(world, round_):
    client = world.client_for("municipality_staff")
    page = client.get(reverse("awards:nominate", args=[round_.pk]))
    assert page.status_code == 200
    response = client.post(reverse("awards:nominate", args=[round_.pk]), {
        "proposer": world.chiyoda.pk, "title": "やさしい日本語の防災ガイド", "summary": "外国人住民と作った",
        "started_year": "2015", "partners": "", "achievements": ""})
    n = Nomination.objects.get(title="やさしい日本語の防災ガイド")
    assert response.status_code == 302 and n.nominee == world.chiyoda
    page = client.get(n.get_absolute_url()).content.decode()
    assert 'data-testid="send"' in page and 'data-testid="nominate"' not in page
    client.post(reverse("awards:nomination_send", args=[n.pk]))
    n.refresh_from_db()
    assert n.status == NominationStatus.WITH_PREFECTURE
    pref = world.client_for("prefecture_staff")
    assert 'data-testid="endorse"' in pref.get(n.get_absolute_url()).content.decode()
    pref.post(reverse("awards:nomination_endorse", args=[n.pk]))
    n.refresh_from_db()
    assert (n.status, n.application.applicant) == (NominationStatus.NOMINATED, world.tokyo)


def test_bad_input_is_refused_next_to_the_field(world, round_):
    client = world.client_for("municipality_staff")
    with translation.override("en"):
        response = client.post(reverse("awards:nominate", args=[round_.pk]), {
            "proposer": world.chiyoda.pk, "title": "", "summary": "x", "started_year": "1800"},
            HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert Nomination.objects.count() == 0


def test_the_prefecture_returns_with_a_reason_shown_to_the_municipality(world, round_):
    n = nomination(world, "with_prefecture")
    world.client_for("prefecture_staff").post(reverse("awards:nomination_return", args=[n.pk]),
                                              {"reason": "写真を添えてください"})
    page = world.client_for("municipality_staff").get(n.get_absolute_url()).content.decode()
    assert "写真を添えてください" in page and 'data-testid="send"' in page


def test_headquarters_record_the_eligibility_check(world, round_):
    n = nomination(world, "nominated")
    data = {f"check_{i}": "on" for i in range(len(DEFAULT_CHECKLIST))} | {"eligible": "yes"}
    world.client_for("hq_staff").post(reverse("awards:nomination_check", args=[n.pk]), data)
    n.refresh_from_db()
    assert n.eligibility == Eligibility.ELIGIBLE


def _judged(world, round_):
    found = [nomination(world, "eligible", title="A 青少年交流"),
             nomination(world, "eligible", by="prefecture_staff", title="B 多言語防災"),
             nomination(world, "eligible", by="association_staff", title="C 国際協力"),
             nomination(world, "eligible", by="other_municipality_staff", title="D 姉妹都市")]
    judge, conflicted = world.people["reviewer"], second_judge(world)
    for person in (judge, conflicted):
        services.assign_judge(by=world.people["hq_staff"], round=round_, judge=person)
    score_all(world, judge, round_, dict(zip(found, [3, 5, 4, 2], strict=True)))
    assignment = found[0].application.assignments.get(reviewer=conflicted)
    grants.declare_conflict(by=conflicted, assignment=assignment, has_conflict=True, note="元職員です")
    return found


def test_the_panel_ranks_by_weighted_score_shows_conflicts_and_decides(world, round_,
                                                                       django_assert_max_num_queries):
    found = _judged(world, round_)
    client = world.client_for("hq_staff")
    with django_assert_max_num_queries(40):
        page = client.get(reverse("awards:panel", args=[round_.pk])).content.decode()
    order = [page.index(n.title) for n in (found[1], found[2], found[0], found[3])]
    assert order == sorted(order)
    assert "元職員です" in page
    data = {"winner": [found[1].pk, found[2].pk, found[0].pk, found[3].pk]}
    data |= {f"citation_{n.pk}": f"{n.title}の功績" for n in found}
    with translation.override("en"):
        client.post(reverse("awards:panel_decide", args=[round_.pk]), data)
    assert Nomination.objects.filter(application__status="awarded").count() == 0
    data["winner"] = data["winner"][:3]
    client.post(reverse("awards:panel_decide", args=[round_.pk]), data)
    assert Nomination.objects.filter(application__status="awarded").count() == 3
    client.post(reverse("awards:publish", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.is_published


def test_the_public_winners_page_in_japanese_and_english(world, round_, client):
    found = _judged(world, round_)
    services.decide_winners(by=world.people["hq_staff"], round=round_, winners={
        found[1].pk: {"citation": "多言語防災の先駆け", "citation_en": "A pioneer of multilingual disaster drills"}})
    assert "多言語防災の先駆け" not in client.get(reverse("awards:winners")).content.decode()
    services.publish_round(by=world.people["hq_staff"], round=round_)
    ja = client.get(reverse("awards:winners"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "多言語防災の先駆け" in ja and "東京都" in ja and "A 青少年交流" not in ja
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        en = client.get(reverse("awards:winners"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A pioneer of multilingual disaster drills" in en and "Award winners" in en


def test_the_grants_pages_of_an_award_speak_of_no_money(world, round_):
    n = nomination(world, "nominated")
    client = world.client_for("hq_staff")
    call_page = client.get(round_.call.get_absolute_url()).content.decode()
    scheme_page = client.get(round_.call.scheme.get_absolute_url()).content.decode()
    application_page = client.get(n.application.get_absolute_url()).content.decode()
    assert "¥" not in call_page and "¥" not in scheme_page
    assert 'data-testid="lines"' not in application_page
    staff = world.client_for("prefecture_staff")
    response = staff.get(reverse("grants:apply", args=[round_.call.pk]))
    assert response.status_code == 302


def test_another_local_government_sees_none_of_chiyoda_s_nominations(world, round_):
    n = nomination(world, "with_prefecture")
    assert world.client_for("other_municipality_staff").get(n.get_absolute_url()).status_code == 404
    assert world.client_for("reviewer").get(n.get_absolute_url()).status_code == 404
    listing = world.client_for("other_municipality_staff").get(reverse("awards:nominations")).content.decode()
    assert n.title not in listing


def test_an_earlier_year_is_listed_by_year(world, round_, client):
    award_round(world, year=2025)
    assert client.get(reverse("awards:index")).status_code == 200


def test_the_home_page_offers_the_round_and_the_endorsements_waiting(world, round_):
    nomination(world, "with_prefecture")
    home = reverse("core:home")
    municipality = world.client_for("municipality_staff").get(home).content.decode()
    prefecture = world.client_for("prefecture_staff").get(home).content.decode()
    judge = world.client_for("reviewer").get(home).content.decode()
    assert reverse("awards:nominate", args=[round_.pk]) in municipality
    assert reverse("awards:nominations") in prefecture
    assert reverse("awards:nominate", args=[round_.pk]) not in judge
    assert reverse("grants:apply", args=[round_.call.pk]) not in municipality


def test_lists_read_a_fixed_number_of_queries(world, round_, client, django_assert_max_num_queries):
    """The nominations list and the public winners page do not grow with the nominations (no N+1)."""
    def counts():
        staff = world.client_for("hq_staff")
        with django_assert_max_num_queries(30) as listed:
            staff.get(reverse("awards:nominations"))
        with django_assert_max_num_queries(30) as public:
            client.get(reverse("awards:winners"))
        return len(listed.captured_queries), len(public.captured_queries)

    found = [nomination(world, "eligible", title="A"), nomination(world, "eligible", by="prefecture_staff",
                                                                  title="B")]
    services.decide_winners(by=world.people["hq_staff"], round=round_,
                            winners={found[0].pk: {"citation": "a"}})
    services.publish_round(by=world.people["hq_staff"], round=round_)
    few = counts()
    more = [nomination(world, "nominated", by="association_staff", title=f"C{i}") for i in range(3)]
    assert more and counts() == few


def test_the_grants_selected_page_never_shows_an_award_s_winners_before_publication(world, round_, client):
    n = nomination(world, "eligible")
    services.decide_winners(by=world.people["hq_staff"], round=round_, winners={n.pk: {"citation": "功績"}})
    url = reverse("grants:selected", args=[round_.call.scheme_id, 2026])
    assert client.get(url).status_code == 404


def test_the_grants_board_and_api_of_the_award_s_call_open(world, round_):
    nomination(world, "eligible")
    staff = world.client_for("hq_staff")
    assert staff.get(reverse("grants:board", args=[round_.call.pk])).status_code == 200
    assert staff.get(f"/api/v1/grants/calls/{round_.call.pk}").status_code == 200
