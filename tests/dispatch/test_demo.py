"""The dispatch demo: idempotent, last month's reported visits give the fee statements figures, and an engagement of
several visits is under way."""

from datetime import timedelta

from django.utils import timezone

from kizuna.core.audit import watch
from kizuna.core.models import User
from kizuna.dispatch import demo, statements
from kizuna.dispatch.demo import seed_dispatch_demo
from kizuna.dispatch.models import Dispatch
from tests.ops.conftest import reference_orgs  # noqa: F401 - the organisations the demo hangs on


def test_the_demo_is_idempotent_and_has_statements_of_last_month(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo

    seed_demo()
    with watch():
        first = seed_dispatch_demo()
    assert seed_dispatch_demo() == first
    last = timezone.localdate().replace(day=1) - timedelta(days=1)
    hq = User.objects.get(email__startswith="hq-staff@")
    found = statements.month_statements(hq, last.year, last.month)
    assert [(s.expert.name, len(s.lines)) for s in found] == [("井上 恵子", 1), ("石川 沙織", 2)]
    series = Dispatch.objects.get(theme=demo.SERIES)
    assert (series.status, list(series.visits.values_list("status", flat=True))) == (
        "confirmed", ["reported", "planned", "planned"])
    assert list(series.files.values_list("name", "content_type")) == [("workshop.png", "image/png")]


def test_the_demo_has_applications_to_the_expert_bank_in_several_states(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo  # the demo people and organisations, seeded once here
    from kizuna.dispatch.models import ExpertApplication

    seed_demo()
    with watch():
        seed_dispatch_demo()
    found = dict(ExpertApplication.objects.values_list("person__email", "status"))
    assert {email.split("@")[0]: status for email, status in found.items()} == {
        "jetaa-officer": "draft", "alumnus": "under_review", "jet": "returned", "pa": "accepted"}
    accepted = ExpertApplication.objects.get(status="accepted")
    assert (accepted.expert.person, accepted.expert.programme, accepted.expert.hourly_fee) == (
        accepted.person, "pa_lecturer", 12_000)
