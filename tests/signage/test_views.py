from django.urls import reverse

from kizuna.signage.enums import LANGUAGES, PRESETS, TranslationStatus
from kizuna.signage.models import Message, Pack, Translation


def _sign_url(bank, *langs, **extra):
    params = [("m", bank["toilet"].pk)] + [("lang", code) for code in langs] + list(extra.items())
    return params


def test_builder_previews_chosen_message_for_anyone(client, bank):
    response = client.get(reverse("signage:builder"), _sign_url(bank, "ja", "en", "my"))

    assert response.status_code == 200
    assert response.context["sign"].blocks[0].message == bank["toilet"]
    assert [line.language.code for line in response.context["sign"].blocks[0].lines] == ["ja", "en", "my"]


def test_builder_search_lists_matching_messages(client, bank):
    response = client.get(reverse("signage:builder"), {"q": "給水"})

    assert [m.key for m in response.context["found"]] == ["water-station"]


def test_builder_refuses_more_than_five_languages_and_says_why(client, bank):
    response = client.get(reverse("signage:builder"), _sign_url(bank, "ja", "en", "ko", "vi", "ne", "th"),
                          HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.context["form"].errors["lang"] == ["A sign holds at most 5 languages; 6 were chosen."]


def test_pdf_refuses_an_unknown_language_code(client, bank):
    response = client.get(reverse("signage:sign_pdf"), _sign_url(bank, "ja", "xx"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "“xx” is not a language code Kizuna knows." in response.content.decode()


def test_pdf_refuses_details_too_long_for_the_layout(client, bank):
    response = client.get(reverse("signage:sign_pdf"), _sign_url(bank, "ja", shelter="避" * 41),
                          HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.context["form"].errors["shelter"] == [
        "Ensure this value has at most 40 characters (it has 41)."]


def test_refusal_is_in_japanese_for_japanese_readers(client, bank):
    response = client.get(reverse("signage:sign_pdf"), _sign_url(bank, *"ja en ko vi ne th".split()),
                          HTTP_ACCEPT_LANGUAGE="ja")

    assert "1枚の表示シートに載せられる言語は5つまでです" in response.content.decode()


def test_pdf_download_for_anyone(client, bank):
    response = client.get(reverse("signage:sign_pdf"), _sign_url(bank, "ja", "si", size="A3",
                                                                  orientation="landscape"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_online_sign_switches_among_all_17_languages(client, bank):
    response = client.get(reverse("signage:online"), _sign_url(bank, "bn"))

    assert response.status_code == 200
    assert [lang.code for lang, _url in response.context["switch"]] == list(LANGUAGES)
    assert "শৌচাগার" in response.content.decode()


def test_pointing_board_and_card_pdf(client, bank):
    from kizuna.signage.loading import load_bank
    from tests.signage.conftest import bank_data

    load_bank(bank_data({"21-pointing-staff.toml"}))
    board = client.get(reverse("signage:board", args=["staff"]), {"lang": ["ja", "en"], "format": "pdf"})
    card = client.get(reverse("signage:card"), {"lang": ["ja-easy", "vi"]})

    assert board.status_code == 200 and board.content.startswith(b"%PDF")
    assert card.status_code == 200
    assert len(card.context["sign"].blocks) == 11


def test_a_sheet_opened_without_languages_shows_the_standard_set(client, bank):
    card = client.get(reverse("signage:card"))

    assert card.status_code == 200
    assert card.context["spec"].languages == PRESETS["standard"]
    assert len(card.context["sign"].blocks) > 0


def test_a_sheet_whose_messages_are_not_loaded_says_so(client, bank):
    board = client.get(reverse("signage:board", args=["evacuee"]))  # the pointing boards are not in `bank`

    assert board.status_code == 200
    assert 'data-testid="sheet-empty"' in board.content.decode()


def test_message_page_shows_provenance(client, bank):
    response = client.get(bank["toilet"].get_absolute_url())

    assert response.status_code == 200
    assert "ネイティブスピーカーの確認なし" in response.content.decode()
    assert response.context["proposal_form"] is None


def test_translator_proposes_and_proposal_is_not_used_until_approved(world, bank):
    client = world.client_for("association_staff")

    response = client.post(reverse("signage:propose", args=[bank["toilet"].pk]),
                           {"language": "en", "text": "Toilets", "method": "human"})

    proposal = Translation.objects.get(message=bank["toilet"], language="en", text="Toilets")
    assert response.status_code == 302
    assert (proposal.status, proposal.is_current, proposal.author) == ("proposed", False, "Association Staff")


def test_jet_participant_cannot_propose(world, bank):
    response = world.client_for("jet").post(reverse("signage:propose", args=[bank["toilet"].pk]),
                                            {"language": "en", "text": "Loo", "method": "human"})

    assert response.status_code == 404
    assert not Translation.objects.filter(text="Loo").exists()


def _proposal(bank, world):
    from kizuna.signage.services import propose_translation

    return propose_translation(by=world.people["municipality_staff"], message=bank["toilet"], language="en",
                               text="Restroom", method="human")


def test_clair_staff_approves_with_native_review_and_it_replaces_the_draft(world, bank):
    proposal = _proposal(bank, world)

    response = world.client_for("hq_staff").post(reverse("signage:review", args=[proposal.pk]),
                                                 {"action": "approve", "native_reviewed": "on"})

    proposal.refresh_from_db()
    current = Translation.objects.get(message=bank["toilet"], language="en", is_current=True)
    assert response.status_code == 302
    assert current == proposal
    assert (proposal.status, proposal.native_reviewed, proposal.reviewer_name) == ("approved", True, "Hq Staff")


def test_approval_without_native_review_is_not_marked_reviewed(world, bank):
    proposal = _proposal(bank, world)

    world.client_for("branch_staff").post(reverse("signage:review", args=[proposal.pk]), {"action": "approve"})

    proposal.refresh_from_db()
    assert (proposal.status, proposal.native_reviewed, proposal.reviewed_at) == ("approved", False, None)


def test_municipality_staff_cannot_review(world, bank):
    proposal = _proposal(bank, world)

    response = world.client_for("municipality_admin").post(reverse("signage:review", args=[proposal.pk]),
                                                           {"action": "approve", "native_reviewed": "on"})

    proposal.refresh_from_db()
    assert response.status_code == 404  # a forbidden object answers like a missing one
    assert proposal.status == TranslationStatus.PROPOSED


def test_own_message_is_seen_by_colleagues_only(world, bank, client):
    response = world.client_for("municipality_staff").post(reverse("signage:add_message"), {
        "category": "facilities", "ja": "ペット同伴スペース", "en": "Pet area"})
    message = Message.objects.get(organisation=world.chiyoda)

    assert response.status_code == 302
    assert world.client_for("municipality_admin").get(message.get_absolute_url()).status_code == 200
    assert world.client_for("association_staff").get(message.get_absolute_url()).status_code == 404
    assert client.get(reverse("signage:builder"), {"q": "ペット同伴"}).context["found"] == []


def test_shelter_pack_is_made_in_the_background_and_kept(world, bank, settings, tmp_path,
                                                         django_capture_on_commit_callbacks):
    import io
    import zipfile

    settings.MEDIA_ROOT = tmp_path
    client = world.client_for("municipality_staff")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signage:packs"), {"lang": ["ja", "en", "ne"], "size": "A4",
                                                          "orientation": "portrait"})

    pack = Pack.objects.get()
    download = client.get(reverse("signage:pack_download", args=[pack.pk]))
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert response.status_code == 302
    assert (pack.status, pack.done, pack.total) == ("done", len(bank), len(bank))
    assert len(names) == len(bank)
    assert world.client_for("municipality_admin").get(pack.get_absolute_url()).status_code == 404


def test_pack_refuses_six_languages(world, bank):
    response = world.client_for("hq_staff").post(reverse("signage:packs"), {"lang": list(LANGUAGES)[:6]})

    assert response.status_code == 400
    assert Pack.objects.count() == 0


def _builder_queries(client, bank, keys) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = [("m", bank[k].pk) for k in keys] + [("lang", "ja"), ("lang", "en")]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("signage:builder"), params).status_code == 200
    return len(queries)


def test_builder_query_count_is_the_same_for_one_and_three_messages(client, bank):
    assert _builder_queries(client, bank, ["toilet"]) == _builder_queries(
        client, bank, ["toilet", "no-entry", "quiet-please"])


def test_colleague_translation_of_own_message_is_used_at_once_unreviewed(world, bank):
    from kizuna.signage.models import Category
    from kizuna.signage.services import add_message

    message = add_message(by=world.people["municipality_staff"], organisation=world.chiyoda,
                          category=Category.objects.get(key="facilities"), texts={"ja": "ペット"})

    world.client_for("municipality_admin").post(reverse("signage:propose", args=[message.pk]),
                                                {"language": "vi", "text": "Thú cưng", "method": "machine"})

    current = Translation.objects.get(message=message, language="vi", is_current=True)
    assert (current.text, current.method, current.native_reviewed) == ("Thú cưng", "machine", False)


def test_admin_lists_translations_with_their_review_status(world, bank):
    response = world.client_for("superuser").get("/admin/signage/translation/?native_reviewed__exact=0")

    assert response.status_code == 200
    assert response.context["cl"].result_count == Translation.objects.count()


def test_pack_progress_is_polled_as_a_fragment(world, bank):
    pack = Pack.objects.create(requested_by=world.people["hq_staff"], languages=["ja"], total=10, done=4,
                               status="running")

    response = world.client_for("hq_staff").get(pack.get_absolute_url(), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.templates[0].name == "signage/_pack_progress.html"
    assert 'hx-trigger="every 2s"' in response.content.decode()


def test_a_refused_choice_keeps_the_ticked_languages(client, bank):
    codes = ("ja", "en", "ko", "vi", "ne", "th")
    html = client.get(reverse("signage:builder"), _sign_url(bank, *codes)).content.decode()
    ticked = {code for code in LANGUAGES if f'name="lang" value="{code}" checked' in html}
    assert ticked == set(codes)
    assert 'data-testid="error-summary"' in html and 'href="#languages"' in html


def test_preview_without_a_message_says_what_is_missing(client, bank):
    response = client.get(reverse("signage:builder"), {"lang": ["ja", "en"], "preview": "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "メッセージを1つ以上選んでください" in html and 'href="#messages"' in html


def test_the_preview_comes_before_the_bank_and_says_when_the_standard_set_is_used(client, bank):
    html = client.get(reverse("signage:builder"), _sign_url(bank)).content.decode()
    assert html.index('id="preview-h"') < html.index('data-testid="builder"')
    assert 'data-testid="standard-used"' in html
    chosen = client.get(reverse("signage:builder"), _sign_url(bank, "ja", "en")).content.decode()
    assert 'data-testid="standard-used"' not in chosen



def test_each_sheet_of_the_preview_carries_its_pictogram(client, bank):
    html = client.get(reverse("signage:builder"), _sign_url(bank, "ja", "en")).content.decode()
    sheet = html[html.index('class="signage-sheet"'):html.index("</article>")]
    assert 'data-pictogram="toilet"' in sheet and 'aria-hidden="true"' in sheet
