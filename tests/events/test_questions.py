"""Typed registration questions: the editor and the service that keeps them, the one check of answers (each type,
conditions), registering on the page and by the API, and the answers as they read on the pages, in the roster
files and in the API."""

import csv
import io
import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from kizuna.events import services
from kizuna.events.models import AnswerFile, Event, Registration
from kizuna.events.services import events as event_services

from .factories import EventFactory
from .refusals import refused

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

QUESTIONS = [
    {"label": "所属部署", "label_en": "Department", "type": "text", "required": True},
    {"label": "ご意見", "label_en": "Comments", "type": "long_text"},
    {"label": "参加方法", "label_en": "Attending", "type": "choice", "required": True,
     "options": [{"label": "会場", "label_en": "On site"}, {"label": "オンライン", "label_en": "Online"}]},
    {"label": "関心のある分野", "label_en": "Fields of interest", "type": "choices",
     "options": [{"label": "防災", "label_en": "Disaster prevention"}, {"label": "教育", "label_en": "Education"},
                 {"label": "医療", "label_en": "Health"}]},
    {"label": "同行者数", "label_en": "Companions", "type": "number", "min": 0, "max": 3},
    {"label": "到着日", "label_en": "Arrival", "type": "date"},
    {"label": "通訳が必要", "label_en": "Needs an interpreter", "type": "yes_no", "required": True},
    {"label": "通訳の言語", "label_en": "Which language", "type": "text", "required": True},
    {"label": "履歴書", "label_en": "CV", "type": "file"},
]


def _keys(event):
    return {q["label_en"]: q for q in event.questions}


@pytest.fixture
def typed(world):
    """HQ's public seminar asking one question of each type; the language is asked when an interpreter is needed."""
    event = EventFactory(organiser=world.hq)
    event_services.set_questions(by=world.people["hq_staff"], event=event, questions=QUESTIONS)
    needs = _keys(event)["Needs an interpreter"]["key"]
    questions = [dict(q) for q in event.questions]
    questions[7]["condition"] = {"question": needs, "answer": "yes"}
    event_services.set_questions(by=world.people["hq_staff"], event=event, questions=questions)
    event.refresh_from_db()
    return event


def _answers(event, **by_english):
    keys = _keys(event)
    return {keys[name]["key"]: value for name, value in by_english.items()}


def _option(event, question: str, label_en: str) -> str:
    return next(o["key"] for o in _keys(event)[question]["options"] if o["label_en"] == label_en)


GOOD = {"Department": "国際課", "Comments": "よろしく\nお願いします", "Companions": 2, "Arrival": "2026-04-01",
        "Needs an interpreter": True, "Which language": "ベトナム語"}


def _good(event, **more):
    return _answers(event, **GOOD, Attending=_option(event, "Attending", "Online"),
                    **{"Fields of interest": [_option(event, "Fields of interest", "Health"),
                                              _option(event, "Fields of interest", "Disaster prevention")]}, **more)


# --- the questions, as staff set them --------------------------------------------------------------------------

def test_set_questions_keeps_types_options_limits_and_condition(world, typed):
    keys = _keys(typed)
    assert [q["type"] for q in typed.questions] == ["text", "long_text", "choice", "choices", "number", "date",
                                                     "yes_no", "text", "file"]
    assert (keys["Attending"]["options"][1]["label"], keys["Companions"]["min"], keys["Companions"]["max"],
            keys["Which language"]["condition"]) == (
        "オンライン", 0, 3, {"question": keys["Needs an interpreter"]["key"], "answer": "yes"})


def test_set_questions_keeps_option_keys_when_options_are_reordered_and_relabelled(world, typed):
    before = _keys(typed)["Attending"]["options"]
    questions = [dict(q) for q in typed.questions]
    questions[2]["options"] = [{"label": "オンライン", "label_en": "Online (Zoom)"},
                               {"label": "会場にて", "label_en": "On site"}, {"label": "未定"}]
    event_services.set_questions(by=world.people["hq_staff"], event=typed, questions=questions)
    after = _keys(typed)["Attending"]["options"]
    assert [o["key"] for o in after[:2]] == [before[1]["key"], before[0]["key"]]
    assert after[2]["key"] not in {o["key"] for o in before}


@pytest.mark.parametrize(("question", "code"), [
    ({"label": "方法", "type": "choice", "options": [{"label": "会場"}]}, "options_missing"),
    ({"label": "人数", "type": "number", "min": 5, "max": 1}, "bad_limits"),
    ({"label": "種類", "type": "rating"}, "bad_type"),
    ({"label": "言語", "condition": {"question": "nope", "answer": "yes"}}, "bad_condition"),
])
def test_set_questions_refuses_a_question_that_cannot_be_asked(world, question, code):
    event = EventFactory(organiser=world.hq)
    with refused(code):
        event_services.set_questions(by=world.people["hq_staff"], event=event, questions=[question])
    event.refresh_from_db()
    assert event.questions == []


def test_a_condition_on_a_later_or_text_question_is_refused(world, typed):
    questions = [dict(q) for q in typed.questions]
    questions[0]["condition"] = {"question": questions[6]["key"], "answer": "yes"}  # later
    with refused("bad_condition"):
        event_services.set_questions(by=world.people["hq_staff"], event=typed, questions=questions)
    questions[0].pop("condition")
    questions[7]["condition"] = {"question": questions[1]["key"], "answer": "x"}  # long text
    with refused("bad_condition"):
        event_services.set_questions(by=world.people["hq_staff"], event=typed, questions=questions)


# --- answers, as the service checks them ------------------------------------------------------------------------

def test_register_keeps_each_answer_typed(world, typed):
    r = services.register(by=world.people["jet"], event=typed, answers=_good(typed))
    keys = _keys(typed)
    stored = {name: r.answers.get(q["key"]) for name, q in keys.items()}
    assert stored == {"Department": "国際課", "Comments": "よろしく\nお願いします",
                      "Attending": _option(typed, "Attending", "Online"),
                      "Fields of interest": [_option(typed, "Fields of interest", "Disaster prevention"),
                                             _option(typed, "Fields of interest", "Health")],
                      "Companions": 2, "Arrival": "2026-04-01", "Needs an interpreter": True,
                      "Which language": "ベトナム語", "CV": None}


@pytest.mark.parametrize(("question", "value", "code"), [
    ("Attending", "by_boat", "bad_choice"),
    ("Fields of interest", ["nope"], "bad_choice"),
    ("Companions", 4, "too_large"),
    ("Companions", -1, "too_small"),
    ("Companions", "二人", "not_a_number"),
    ("Companions", True, "not_a_number"),
    ("Arrival", "2026-02-30", "not_a_date"),
    ("Needs an interpreter", "maybe", "not_yes_no"),
    ("Department", ["a"], "not_text"),
    ("Department", "x" * 2001, "too_long"),
    ("CV", "cv.pdf", "not_a_file"),
    ("Department", "", "answers_missing"),
])
def test_register_refuses_an_answer_that_does_not_fit_its_question(world, typed, question, value, code):
    answers = _good(typed) | _answers(typed, **{question: value})
    with refused(code) as caught:
        services.register(by=world.people["jet"], event=typed, answers=answers)
    assert list(caught.value.error_dict) == [f"q_{_keys(typed)[question]['key']}"]
    assert Registration.objects.filter(event=typed).count() == 0


def test_a_question_hidden_by_its_condition_is_neither_required_nor_kept(world, typed):
    answers = _good(typed) | _answers(typed, **{"Needs an interpreter": "no", "Which language": "英語"})
    r = services.register(by=world.people["jet"], event=typed, answers=answers)
    assert (r.answers[_keys(typed)["Needs an interpreter"]["key"]], _keys(typed)["Which language"]["key"] in
            r.answers) == (False, False)


def test_a_question_shown_by_its_condition_is_required(world, typed):
    answers = _good(typed)
    del answers[_keys(typed)["Which language"]["key"]]
    with refused("answers_missing") as caught:
        services.register(by=world.people["jet"], event=typed, answers=answers)
    assert "通訳の言語" in caught.value.messages[0]


def test_a_full_width_number_is_read(world, typed):
    r = services.register(by=world.people["jet"], event=typed, answers=_good(typed) | _answers(typed, Companions="３"))
    assert r.answers[_keys(typed)["Companions"]["key"]] == 3


def test_a_file_answer_is_checked_by_its_content_and_kept_with_the_registration(world, typed):
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf")
    with refused("file_type"):
        services.register(by=world.people["jet"], event=typed, answers=_good(typed, CV=fake))
    r = services.register(by=world.people["jet"], event=typed,
                          answers=_good(typed, CV=SimpleUploadedFile("履歴書.pdf", PDF)))
    stored = AnswerFile.objects.get(registration=r)
    assert (r.answers[_keys(typed)["CV"]["key"]], stored.name, stored.content_type, stored.file.read()) == (
        "履歴書.pdf", "履歴書.pdf", "application/pdf", PDF)


def test_an_old_question_without_a_type_is_text(world):
    event = EventFactory(organiser=world.hq, questions=[{"key": "dept", "label": "部署", "required": True}])
    r = services.register(by=world.people["jet"], event=event, answers={"dept": " 国際課 "})
    assert r.answers == {"dept": "国際課"}


# --- the pages ---------------------------------------------------------------------------------------------------

def _formset(rows, initial=0):
    data = {"q-TOTAL_FORMS": str(len(rows)), "q-INITIAL_FORMS": str(initial), "q-MIN_NUM_FORMS": "0",
            "q-MAX_NUM_FORMS": "30"}
    for i, row in enumerate(rows):
        data.update({f"q-{i}-{k}": v for k, v in row.items()})
    return data


def test_the_editor_saves_types_options_one_a_line_and_limits(world):
    event = EventFactory(organiser=world.hq)
    response = world.client_for("hq_staff").post(f"/events/{event.pk}/questions/", _formset([
        {"label": "参加方法", "label_en": "Attending", "type": "choice", "required": "on",
         "options": "会場 | On site\n\nオンライン | Online\n"},
        {"label": "同行者数", "type": "number", "min": "0", "max": "3"},
        {"label": "通訳が必要", "label_en": "Interpreter", "type": "yes_no"}]))
    event.refresh_from_db()
    assert response.status_code == 302
    assert [(q["type"], q["required"]) for q in event.questions] == [("choice", True), ("number", False),
                                                                      ("yes_no", False)]
    assert ([(o["label"], o["label_en"]) for o in event.questions[0]["options"]], event.questions[1]["max"]) == (
        [("会場", "On site"), ("オンライン", "Online")], 3)


def test_the_editor_offers_conditions_on_saved_questions_and_saves_one(world, typed):
    client = world.client_for("hq_staff")
    page = client.get(f"/events/{typed.pk}/questions/").content.decode()
    needs = _keys(typed)["Needs an interpreter"]["key"]
    assert f'value="{needs}=yes"' in page and "「通訳が必要」が「はい」" in page
    from kizuna.events.forms import questions_initial

    rows = [{k: v for k, v in row.items() if v not in (None, False)} for row in questions_initial(typed.questions)]
    rows[1]["condition"] = f"{needs}=no"  # the long text, on an earlier question: refused by the service
    response = client.post(f"/events/{typed.pk}/questions/", _formset(rows, initial=len(rows)))
    assert response.status_code == 400
    typed.refresh_from_db()
    assert "condition" not in typed.questions[1]


def test_the_editor_shows_a_row_error_beside_its_field_and_saves_nothing(world):
    event = EventFactory(organiser=world.hq)
    response = world.client_for("hq_staff").post(f"/events/{event.pk}/questions/", _formset([
        {"label": "部署", "type": "text"}, {"label": "参加方法", "type": "choice", "options": "会場"},
        {"label": "人数", "type": "number", "min": "3", "max": "1"}]))
    body = response.content.decode()
    event.refresh_from_db()
    assert (response.status_code, event.questions) == (400, [])
    assert 'id="id_q-1-options_error"' in body and 'id="id_q-2-max_error"' in body
    assert "選択肢を1行に1つ、2つ以上入力してください。" in body


def test_the_registration_form_has_a_field_of_each_type(world, typed):
    body = world.client_for("jet").get(f"/events/{typed.pk}/").content.decode()
    keys = {name: q["key"] for name, q in _keys(typed).items()}
    assert 'enctype="multipart/form-data"' in body
    assert f'type="radio" name="q_{keys["Attending"]}"' in body
    assert f'type="checkbox" name="q_{keys["Fields of interest"]}"' in body
    assert f'type="number" name="q_{keys["Companions"]}"' in body and 'max="3"' in body
    assert f'type="date" name="q_{keys["Arrival"]}"' in body
    assert f'type="file" name="q_{keys["CV"]}"' in body
    assert f'<textarea name="q_{keys["Comments"]}"' in body
    assert "「通訳が必要」が「はい」のときだけ答えてください。" in body


def _post(event, **by_english):
    data = {}
    for name, value in by_english.items():
        data[f"q_{_keys(event)[name]['key']}"] = value
    return data


def _page_answers(event, **more):
    return _post(event, Department="国際課", Attending=_option(event, "Attending", "On site"),
                 **{"Fields of interest": [_option(event, "Fields of interest", "Education")],
                    "Needs an interpreter": "yes", "Which language": "タガログ語", "Companions": "1",
                    "Arrival": "2026-04-02"}, **more)


def test_registering_on_the_page_keeps_typed_answers_and_shows_them_readable(world, typed):
    client = world.client_for("jet")
    data = _page_answers(typed) | _post(typed, CV=SimpleUploadedFile("cv.pdf", PDF))
    response = client.post(f"/events/{typed.pk}/register/", data)
    r = Registration.objects.get(event=typed)
    assert response.status_code == 302
    assert (r.answers[_keys(typed)["Needs an interpreter"]["key"]], r.answers[_keys(typed)["Companions"]["key"]]) == (
        True, 1)
    page = client.get(f"/events/registrations/{r.pk}/").content.decode()
    section = page[page.index('data-testid="answers"'):]
    for text in ("所属部署", "国際課", "会場", "教育", "はい", "タガログ語", "2026-04-02", "cv.pdf"):
        assert text in section
    file_url = f"/events/answer-files/{AnswerFile.objects.get(registration=r).pk}/"
    assert file_url in section
    staff_page = world.client_for("hq_staff").get(f"/events/registrations/{r.pk}/").content.decode()
    assert "タガログ語" in staff_page and file_url in staff_page


def test_a_refused_answer_is_shown_beside_its_field_and_nothing_is_saved(world, typed):
    data = _page_answers(typed) | _post(typed, Companions="7") | _post(typed, **{"Which language": ""})
    data |= _post(typed, CV=SimpleUploadedFile("cv.pdf", b"plain text, not a document"))
    response = world.client_for("jet").post(f"/events/{typed.pk}/register/", data)
    body = response.content.decode()
    keys = {name: q["key"] for name, q in _keys(typed).items()}
    assert response.status_code == 400
    assert f'id="id_q_{keys["Companions"]}_error"' in body
    assert Registration.objects.filter(event=typed).count() == 0 and AnswerFile.objects.count() == 0
    # the conditional question and the file are checked by the service once the form's own checks pass
    data = _page_answers(typed) | _post(typed, **{"Which language": ""}) | _post(
        typed, CV=SimpleUploadedFile("cv.pdf", b"plain text, not a document"))
    body = world.client_for("jet").post(f"/events/{typed.pk}/register/", data).content.decode()
    language_error = body[body.index(f'id="id_q_{keys["Which language"]}_error"'):]
    assert "「通訳の言語」" in language_error.split("</div>")[0] or "通訳の言語" in language_error.split("</div>")[0]
    assert f'id="id_q_{keys["CV"]}_error"' in body
    assert Registration.objects.filter(event=typed).count() == 0 and AnswerFile.objects.count() == 0


def test_an_answer_file_is_for_the_registrant_and_those_who_see_the_roster(world, typed):
    typed.co_organisers.add(world.tokyo)
    r = services.register(by=world.people["jet"], event=typed, answers=_good(typed, CV=SimpleUploadedFile(
        "cv.pdf", PDF)))
    url = f"/events/answer-files/{AnswerFile.objects.get(registration=r).pk}/"
    codes = {role: world.client_for(role).get(url).status_code
             for role in ("jet", "hq_staff", "prefecture_staff", "municipality_staff")}
    assert codes == {"jet": 200, "hq_staff": 200, "prefecture_staff": 200, "municipality_staff": 404}
    assert b"".join(world.client_for("jet").get(url).streaming_content) == PDF


# --- the roster files and the API ---------------------------------------------------------------------------------

@pytest.fixture
def answered(world, typed):
    services.register(by=world.people["jet"], event=typed, answers=_good(typed, CV=SimpleUploadedFile("cv.pdf", PDF)))
    services.register(by=world.people["alumnus"], event=typed, answers=_good(typed) | _answers(
        typed, **{"Needs an interpreter": False}))
    return typed


def test_the_roster_files_read_answers_as_labels_yes_no_and_file_names(world, answered):
    client = world.client_for("hq_staff")
    sheet = load_workbook(io.BytesIO(client.get(f"/events/{answered.pk}/roster.xlsx").content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][9:] == ["所属部署", "ご意見", "参加方法", "関心のある分野", "同行者数", "到着日", "通訳が必要",
                           "通訳の言語", "履歴書"]
    assert rows[1][9:] == ["国際課", "よろしく\nお願いします", "オンライン", "防災, 医療", "2", "2026-04-01", "はい",
                           "ベトナム語", "cv.pdf"]
    assert (rows[2][15], rows[2][16], rows[2][17]) == ("いいえ", None, None)
    text = b"".join(client.get(f"/events/{answered.pk}/roster.csv").streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[1][9:] == rows[1][9:]
    pdf = client.get(f"/events/{answered.pk}/roster.pdf").content
    printed = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                             check=True).stdout.decode()
    assert "参加方法: オンライン" in printed and "通訳が必要: いいえ" in printed


def test_the_roster_in_english_reads_english_labels(world, answered):
    client = world.client_for("hq_staff")
    client.cookies["django_language"] = "en"
    sheet = load_workbook(io.BytesIO(client.get(f"/events/{answered.pk}/roster.xlsx",
                                                HTTP_ACCEPT_LANGUAGE="en").content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert (rows[0][11], rows[1][11], rows[1][15]) == ("Attending", "Online", "Yes")


def test_the_api_roster_gives_answers_as_kept_and_as_they_read(world, answered):
    rows = world.client_for("hq_staff").get(f"/api/v1/events/events/{answered.pk}/roster").json()["items"]
    readable = {a["question"]: (a["value"], a["text"]) for a in rows[0]["answers_readable"]}
    assert readable["参加方法"] == (_option(answered, "Attending", "Online"), "オンライン")
    assert readable["通訳が必要"] == (True, "はい")
    cv = next(a for a in rows[0]["answers_readable"] if a["type"] == "file")
    assert (cv["text"], cv["file_url"].endswith(f"/events/answer-files/{AnswerFile.objects.get().pk}/")) == (
        "cv.pdf", True)


def test_the_api_lists_an_events_questions(world, typed):
    found = next(e for e in world.client_for("jet").get("/api/v1/events/events").json() if e["id"] == typed.pk)
    asked = {q["label_en"]: q for q in found["questions"]}
    assert (asked["Attending"]["type"], len(asked["Attending"]["options"]), asked["Companions"]["max"],
            asked["Which language"]["condition"]["answer"]) == ("choice", 2, 3, "yes")


def test_the_api_registers_with_typed_answers(world, typed):
    response = world.client_for("jet").post(f"/api/v1/events/events/{typed.pk}/registrations",
                                            {"answers": _good(typed)}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], {a["question"]: a["text"] for a in body["answers"]}["関心のある分野"]) == (
        "confirmed", "防災, 医療")
    assert Registration.objects.get(pk=body["id"]).answers[_keys(typed)["Companions"]["key"]] == 2


def test_the_api_refuses_bad_answers_each_at_its_place_and_saves_nothing(world, typed):
    answers = _good(typed) | _answers(typed, Companions="many", Attending="by_boat")
    del answers[_keys(typed)["Department"]["key"]]
    response = world.client_for("jet").post(f"/api/v1/events/events/{typed.pk}/registrations",
                                            {"answers": answers}, content_type="application/json")
    assert response.status_code == 422
    problems = {tuple(d["loc"]): d["type"] for d in response.json()["detail"]}
    keys = {name: q["key"] for name, q in _keys(typed).items()}
    assert problems == {("body", "answers", keys["Department"]): "answers_missing",
                        ("body", "answers", keys["Attending"]): "bad_choice",
                        ("body", "answers", keys["Companions"]): "not_a_number"}
    assert Registration.objects.filter(event=typed).count() == 0


def test_the_api_refuses_registering_when_closed_with_a_detail(world, typed):
    from tests.factories import arrange_update

    arrange_update(Event.objects.filter(pk=typed.pk), closes_at=timezone.now() - timedelta(minutes=1))
    response = world.client_for("jet").post(f"/api/v1/events/events/{typed.pk}/registrations",
                                            {"answers": _good(typed)}, content_type="application/json")
    assert (response.status_code, isinstance(response.json()["detail"], str)) == (400, True)


def test_copying_an_event_copies_its_typed_questions(world, typed):
    copy = event_services.copy_event(by=world.people["hq_staff"], event=typed,
                                     starts_at=typed.starts_at + timedelta(days=30))
    assert copy.questions == typed.questions


def test_the_api_roster_reads_as_many_queries_for_one_registration_as_for_three(world, typed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("hq_staff")
    url = f"/api/v1/events/events/{typed.pk}/roster"
    counts = []
    for role in ("jet", "alumnus", "municipality_staff"):
        services.register(by=world.people[role], event=typed, answers=_good(typed, CV=SimpleUploadedFile(
            "cv.pdf", PDF)))
        if role == "alumnus":
            continue
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
