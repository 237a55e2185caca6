"""Staff edit and delete a scheme's scoring criteria and a call's questions; ceilings per applicant kind."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kizuna.grants import services
from kizuna.grants.models import Criterion, Question, Scheme

from .conftest import make_submitted
from .factories import AssignmentFactory, QuestionFactory


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_criterion_edit_in_pages_changes_the_weight(world, scheme):
    criterion = scheme.criteria.get(name="先駆性")
    response = world.client_for("hq_staff").post(
        reverse("grants:criterion_edit", args=[scheme.pk, criterion.pk]), {"order": 1, "name": "先駆性", "weight": 3})
    criterion.refresh_from_db()
    assert (response.status_code, criterion.weight) == (302, 3)


def test_criterion_edit_forbidden_to_branch_staff(world, scheme):
    criterion = scheme.criteria.first()
    response = world.client_for("branch_staff").get(reverse("grants:criterion_edit", args=[scheme.pk, criterion.pk]))
    assert response.status_code == 404


def test_criterion_delete_allowed_while_unscored(world, scheme):
    criterion = scheme.criteria.get(name="継続性")
    response = world.client_for("hq_staff").post(reverse("grants:criterion_delete", args=[scheme.pk, criterion.pk]))
    assert (response.status_code, list(scheme.criteria.values_list("name", flat=True))) == (302, ["先駆性"])


def test_criterion_delete_refused_once_scored_with_a_message(world, call):
    (a,) = make_submitted(world, call, 1)
    assignment = AssignmentFactory(application=a, reviewer=world.people["reviewer"], status="active")
    services.score_application(by=world.people["reviewer"], application=a,
                               scores={c.pk: 4 for c in call.scheme.criteria.all()})
    criterion = call.scheme.criteria.get(name="先駆性")
    response = world.client_for("hq_staff").post(
        reverse("grants:criterion_delete", args=[call.scheme.pk, criterion.pk]), follow=True)
    assert Criterion.objects.filter(pk=criterion.pk).exists()
    assert any("先駆性" in m and "1" in m for m in _messages(response)), _messages(response)
    assert assignment.scores.count() == 2


def test_delete_criterion_denied_to_branch_staff(world, scheme):
    with pytest.raises(PermissionDenied):
        services.delete_criterion(by=world.people["branch_staff"], criterion=scheme.criteria.first())


def test_question_edit_in_pages_changes_the_wording(world, call):
    q = QuestionFactory(call=call, key="purpose", label="目的")
    response = world.client_for("hq_staff").post(reverse("grants:question_edit", args=[call.pk, q.pk]), {
        "order": 0, "key": "purpose", "label": "事業の目的", "kind": "text", "choices": ""})
    q.refresh_from_db()
    assert (response.status_code, q.label) == (302, "事業の目的")


def test_question_key_change_refused_once_answered(world, draft):
    q = QuestionFactory(call=draft.call, key="purpose", label="目的")
    draft.answers = {"purpose": "多文化共生"}
    draft.save()
    with pytest.raises(ValidationError) as excinfo:
        services.save_question(by=world.people["hq_staff"], call=draft.call, question=q, key="aim")
    assert (list(excinfo.value.message_dict), Question.objects.get(pk=q.pk).key) == (["key"], "purpose")


def test_question_delete_allowed_while_unanswered(world, draft):
    q = QuestionFactory(call=draft.call, key="purpose", label="目的")
    draft.answers = {"purpose": ""}
    draft.save()
    response = world.client_for("hq_staff").post(reverse("grants:question_delete", args=[draft.call.pk, q.pk]))
    assert (response.status_code, draft.call.questions.count()) == (302, 0)


def test_question_delete_refused_once_answered_with_a_message(world, draft):
    q = QuestionFactory(call=draft.call, key="purpose", label="目的")
    draft.answers = {"purpose": "多文化共生"}
    draft.save()
    response = world.client_for("hq_staff").post(reverse("grants:question_delete", args=[draft.call.pk, q.pk]),
                                                 follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert draft.call.questions.count() == 1
    assert any("“目的” cannot be deleted: 1 applications have already answered it" in m
               for m in _messages(response)), _messages(response)


def test_question_delete_forbidden_to_the_applicant(world, draft):
    q = QuestionFactory(call=draft.call)
    response = world.client_for("municipality_staff").post(
        reverse("grants:question_delete", args=[draft.call.pk, q.pk]))
    assert (response.status_code, draft.call.questions.count()) == (404, 1)


def _scheme_post(**extra) -> dict:
    return {"code": "kokusai", "name": "国際交流支援事業", "rate_percent": 50, "applicant_kinds": ["prefecture"],
            **extra}


def test_scheme_ceilings_are_form_fields_per_applicant_kind(world):
    response = world.client_for("hq_staff").post(reverse("grants:scheme_create"), _scheme_post(
        ceiling_prefecture="4000000", ceiling_default="3000000",
        conditional_ceilings="scope = domestic: 3,000,000\nscope = overseas: 5000000"))
    scheme = Scheme.objects.get(code="kokusai")
    assert (response.status_code, scheme.ceilings) == (302, {
        "prefecture": 4_000_000, "default": 3_000_000, "if:scope=domestic": 3_000_000,
        "if:scope=overseas": 5_000_000})


def test_scheme_edit_shows_the_ceilings_in_their_fields(world, scheme):
    response = world.client_for("hq_staff").get(reverse("grants:scheme_edit", args=[scheme.pk]))
    form = response.context["form"]
    assert (form["ceiling_prefecture"].value(), form["ceiling_default"].value(), form["ceiling_town"].value()) == (
        4_000_000, 3_000_000, None)


def test_scheme_ceiling_negative_or_garbled_is_refused(world):
    client = world.client_for("hq_staff")
    negative = client.post(reverse("grants:scheme_create"), _scheme_post(ceiling_default="-1"))
    garbled = client.post(reverse("grants:scheme_create"), _scheme_post(conditional_ceilings="国内 300万"),
                          HTTP_ACCEPT_LANGUAGE="ja")
    assert (negative.status_code, garbled.status_code, Scheme.objects.filter(code="kokusai").exists()) == (
        400, 400, False)
    assert "国内 300万" in garbled.content.decode()


def test_criterion_weight_change_reweighs_the_ranking(world, call):
    from kizuna.grants import queries

    low, high = make_submitted(world, call, 2)
    pioneering = call.scheme.criteria.get(name="先駆性")  # weight 2; the other, 継続性, weight 1
    for application, values in ((low, {"先駆性": 1, "継続性": 5}), (high, {"先駆性": 5, "継続性": 1})):
        AssignmentFactory(application=application, reviewer=world.people["reviewer"], status="active")
        services.score_application(by=world.people["reviewer"], application=application,
                                   scores={c.pk: values[c.name] for c in call.scheme.criteria.all()})
    before = [(r.application.pk, r.score) for r in queries.ranking(world.people["hq_staff"], call)]
    services.save_criterion(by=world.people["hq_staff"], scheme=call.scheme, criterion=pioneering, weight=1)
    after = [(r.application.pk, r.score) for r in queries.ranking(world.people["hq_staff"], call)]
    assert (before, after) == ([(high.pk, 3.67), (low.pk, 2.33)], [(low.pk, 3.0), (high.pk, 3.0)])


def test_scheme_page_names_whom_each_ceiling_is_for(world, scheme):
    scheme.ceilings = {"designated_city": 4_000_000, "default": 3_000_000, "if:scope=domestic": 2_000_000}
    scheme.save()
    client = world.client_for("municipality_staff")
    client.cookies["django_language"] = "en"
    html = client.get(scheme.get_absolute_url()).text
    assert "Designated city: ¥4,000,000" in html
    assert "Any other applicant (default): ¥3,000,000" in html
    assert "When the answer to “scope” is “domestic”: ¥2,000,000" in html
    assert "if:scope" not in html
