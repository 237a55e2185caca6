"""Documents of an application: the scheme's document types, whatever the call asks (issue #18, item 1)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kizuna.grants import services
from kizuna.grants.loading import load_schemes, read_schemes
from kizuna.grants.models import Scheme
from kizuna.grants.services.applying import missing_documents
from tests.factories import arrange_update

from .factories import ApplicationFactory, CallFactory, CostLineFactory, QuestionFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tabunka(db):
    load_schemes(read_schemes())
    return Scheme.objects.get(code="tabunka")


@pytest.fixture
def plain_draft(world, tabunka):
    """A draft of a call that asks no question at all, on the loaded 多文化共生 scheme."""
    application = ApplicationFactory(call=CallFactory(scheme=tabunka), applicant=world.chiyoda,
                                     requested_amount=1_000_000, created_by=world.people["municipality_staff"])
    CostLineFactory(application=application, amount=1_000_000)
    return application


def _pdf(name="x.pdf"):
    return SimpleUploadedFile(name, PDF)


def _attach_required(world, application):
    for name in application.call.scheme.required_documents:
        services.attach_file(by=world.people["municipality_staff"], application=application, document_type=name,
                             upload=_pdf(f"{name}.pdf"))


def test_loaded_schemes_each_name_required_document_types(tabunka):
    """Every scheme names its documents; a project's scheme offers a quote (見積書), a claim its receipt."""
    assert [s.code for s in Scheme.objects.all() if not s.required_documents
            or ("領収書" if s.claims_for_participants else "見積書") not in s.document_types] == []


def test_loader_adds_document_types_to_a_scheme_loaded_before_them(tabunka):
    arrange_update(Scheme.objects.filter(code="tabunka"), required_documents=[], other_documents=[], floor=600_000)
    load_schemes(read_schemes())
    tabunka.refresh_from_db()
    assert (tabunka.required_documents, tabunka.floor) == (["事業計画書", "収支予算書"], 600_000)


def test_draft_page_offers_the_upload_without_file_questions(world, plain_draft):
    response = world.client_for("municipality_staff").get(plain_draft.get_absolute_url())
    assert reverse("grants:upload", args=[plain_draft.pk]) in response.content.decode()


def test_upload_page_lists_the_required_document_types(world, plain_draft):
    response = world.client_for("municipality_staff").get(reverse("grants:upload", args=[plain_draft.pk]))
    page = response.content.decode()
    section = page[page.index('data-testid="required-documents"'):]
    section = section[:section.index("</ul>")]
    assert (response.status_code, "事業計画書" in section, "収支予算書" in section) == (200, True, True)


def test_upload_of_a_document_type_in_pages(world, plain_draft):
    response = world.client_for("municipality_staff").post(
        reverse("grants:upload", args=[plain_draft.pk]), {"question": "doc:事業計画書", "file": _pdf("plan.pdf")})
    assert (response.status_code, list(plain_draft.attachments.values_list("document_type", "name"))) == (
        302, [("事業計画書", "plan.pdf")])


def test_attach_a_type_the_scheme_does_not_name_is_refused(world, plain_draft):
    with pytest.raises(ValidationError) as excinfo:
        services.attach_file(by=world.people["municipality_staff"], application=plain_draft,
                             document_type="領収書", upload=_pdf())
    assert excinfo.value.code == "document_type"


def test_submission_names_each_missing_required_document(world, plain_draft):
    with pytest.raises(ValidationError) as excinfo:
        services.submit_application(by=world.people["municipality_staff"], application=plain_draft)
    messages = " ".join(excinfo.value.messages)
    assert ("事業計画書" in messages, "収支予算書" in messages) == (True, True)


def test_a_returned_application_asking_for_a_quote_is_answered_and_resubmitted(world, plain_draft):
    _attach_required(world, plain_draft)
    services.submit_application(by=world.people["municipality_staff"], application=plain_draft)
    hq, applicant = world.client_for("hq_staff"), world.client_for("municipality_staff")
    hq.post(reverse("grants:return", args=[plain_draft.pk]), {"comment": "見積書を添付してください。"})
    page = applicant.get(plain_draft.get_absolute_url()).content.decode()
    upload_url = reverse("grants:upload", args=[plain_draft.pk])
    assert upload_url in page
    assert "見積書" in applicant.get(upload_url).content.decode()
    applicant.post(upload_url, {"question": "doc:見積書", "file": _pdf("mitsumori.pdf")})
    response = applicant.post(reverse("grants:submit", args=[plain_draft.pk]))
    plain_draft.refresh_from_db()
    assert (response.status_code, plain_draft.status, plain_draft.round_number,
            sorted(plain_draft.attachments.values_list("document_type", flat=True))) == (
        302, "submitted", 2, ["事業計画書", "収支予算書", "見積書"])


def test_a_file_question_named_like_a_required_type_answers_it(world, plain_draft):
    QuestionFactory(call=plain_draft.call, key="plan", label="事業計画書", kind="file")
    services.attach_file(by=world.people["municipality_staff"], application=plain_draft, question_key="plan",
                         upload=_pdf("plan.pdf"))
    assert missing_documents(plain_draft) == ["収支予算書"]


def test_upload_page_in_english(world, plain_draft):
    client = world.client_for("municipality_staff")
    page = client.get(reverse("grants:upload", args=[plain_draft.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ("Documents the scheme requires" in page, "事業計画書" in page, "Document type" in page) == (
        True, True, True)
