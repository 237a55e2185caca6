"""The rules of each kind of request, kept in one place (enums.KIND_RULES), and how they are applied."""

from kizuna.requests import services
from kizuna.requests.enums import DAY, KIND_RULES, Kind, Status

from .conftest import file_research, file_visit, to_office


def test_every_kind_has_rules_and_only_research_goes_through_the_branch():
    assert set(KIND_RULES) == set(Kind)
    assert [k for k, rules in KIND_RULES.items() if rules.via_branch] == [Kind.RESEARCH]


def test_research_is_allowed_about_two_months_of_working_time():
    rules = KIND_RULES[Kind.RESEARCH]
    assert rules.resolution == 42 * DAY and "two months" in rules.stated
    assert all(r.first_response <= r.resolution for r in KIND_RULES.values())


def test_filing_follows_the_route_of_the_kind(world):
    assert (file_research(world).status, file_visit(world).status) == (Status.AWAITING_BRANCH, Status.OPEN)


def test_research_answer_goes_back_through_the_branch(world, smtp_server, django_capture_on_commit_callbacks):
    request = to_office(world, file_research(world))
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_request(by=world.people["office_staff"], request=request, deliverable="回答です。")
    (sent,) = smtp_server.messages
    assert sent["to"] == ["branch_staff@example.jp", "municipality_admin@example.jp",
                          "municipality_staff@example.jp"]


def test_support_answer_goes_to_the_requester_only(world, visit, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_request(by=world.people["office_staff"], request=visit, deliverable="手配しました。")
    (sent,) = smtp_server.messages
    assert sent["to"] == ["municipality_admin@example.jp", "municipality_staff@example.jp"]
