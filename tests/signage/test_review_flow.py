"""The review workflow end to end, through the pages: a translator proposes, a CLAIR reviewer who is a native
speaker approves, and the printed sign then shows that language as reviewed (and "reviewed only" keeps it)."""

from django.urls import reverse

from kizuna.signage.labels import label
from tests.signage.pdfcheck import text_of


def _sign_text(client, bank, *extra) -> str:
    response = client.get(reverse("signage:sign_pdf"), [("m", bank["toilet"].pk), ("lang", "ja"), ("lang", "en"),
                                                        *extra])
    assert response.status_code == 200
    return "".join(text_of(response.content).split())


def _squash(text: str) -> str:
    return "".join(text.split())


def test_proposed_then_approved_translation_is_printed_as_reviewed(world, bank, client):
    translator, reviewer = world.client_for("association_staff"), world.client_for("hq_staff")

    proposed = translator.post(reverse("signage:propose", args=[bank["toilet"].pk]),
                               {"language": "en", "text": "Restroom", "method": "human", "note": "shorter"})
    before = _sign_text(client, bank)
    proposal = bank["toilet"].translations.get(text="Restroom")
    approved = reviewer.post(reverse("signage:review", args=[proposal.pk]),
                             {"action": "approve", "native_reviewed": "on", "note": "native check"})
    after = _sign_text(client, bank)
    reviewed_only = _sign_text(client, bank, ("reviewed_only", "on"))
    response = reviewer.get(bank["toilet"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    history = [(e.who, e.what, e.note, {c.field: c.new for c in e.changes}) for e in response.context["history"]]

    assert (proposed.status_code, approved.status_code) == (302, 302)
    # Before the review: the loaded machine draft is printed, marked, and English says it is unreviewed.
    assert "Restroom" not in before
    assert "Toilet*" in before
    assert _squash(label("unreviewed", "en")) in before
    # After: the approved text without the mark, English says it was checked. Japanese is the source text, not a
    # translation: it is never marked, and no note calls it unreviewed.
    assert "Restroom" in after and "Restroom*" not in after
    assert "トイレ" in after and "トイレ*" not in after and "トイレ*" not in before
    assert _squash(label("reviewed", "en")) in after
    assert _squash(label("unreviewed", "en")) not in after
    assert _squash(label("unreviewed", "ja")) not in after
    # "Reviewed translations only" keeps the reviewed English and the Japanese source.
    assert "Restroom" in reviewed_only and "トイレ" in reviewed_only
    assert _squash(label("unreviewed", "ja")) not in reviewed_only
    # The message page tells who reviewed it, and the history has both steps in words, newest first.
    assert "Reviewed by Hq Staff on" in page
    assert [(who, what, note) for who, what, note, _changes in history] == [
        ("Hq Staff", "Approve (en)", "native check"), ("Hq Staff", "Replaced by another text (en)", ""),
        ("Association Staff", "Proposed a translation (en)", "")]
    assert (history[0][3]["status"], history[0][3]["reviewed by a native speaker"]) == ("Approved", "yes")
    assert history[1][3] == {"used on signs": "no"}  # the machine draft
    assert (history[2][3]["text"], history[2][3]["note"]) == ("Restroom", "shorter")


def test_approval_without_native_review_still_prints_the_unreviewed_mark(world, bank, client):
    world.client_for("association_staff").post(reverse("signage:propose", args=[bank["toilet"].pk]),
                                               {"language": "en", "text": "Restroom", "method": "machine"})
    proposal = bank["toilet"].translations.get(text="Restroom")

    world.client_for("hq_staff").post(reverse("signage:review", args=[proposal.pk]), {"action": "approve"})

    after = _sign_text(client, bank)
    assert "Restroom*" in after
    assert _squash(label("unreviewed", "en")) in after
    assert _squash(label("reviewed", "en")) not in after
    assert client.get(reverse("signage:sign_pdf"), [("m", bank["toilet"].pk), ("lang", "en"),
                                                    ("reviewed_only", "on")]).status_code == 400
