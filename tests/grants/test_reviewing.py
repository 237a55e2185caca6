import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kizuna.grants import queries, services
from kizuna.grants.enums import AssignmentStatus
from kizuna.grants.models import Application, Criterion
from tests.factories import MembershipFactory, UserFactory

from .conftest import make_submitted


def _criteria(application):
    return list(Criterion.objects.filter(scheme=application.call.scheme))


def test_assign_reviewer_allowed(world, submitted):
    a = services.assign_reviewer(by=world.people["hq_staff"], application=submitted,
                                 reviewer=world.people["reviewer"])
    assert a.status == AssignmentStatus.PENDING


def test_assign_reviewer_denied_to_branch_staff(world, submitted):
    with pytest.raises(PermissionDenied):
        services.assign_reviewer(by=world.people["branch_staff"], application=submitted,
                                 reviewer=world.people["reviewer"])


def test_assign_reviewer_from_the_applicants_organisation_is_refused(world, submitted):
    colleague = UserFactory()
    MembershipFactory(person=colleague, organisation=world.chiyoda, role="reviewer")
    with pytest.raises(ValidationError) as excinfo:
        services.assign_reviewer(by=world.people["hq_staff"], application=submitted, reviewer=colleague)
    assert excinfo.value.code == "own_organisation"


def test_reviewer_sees_the_application_only_after_declaring_no_conflict(world, submitted):
    reviewer = world.people["reviewer"]
    a = services.assign_reviewer(by=world.people["hq_staff"], application=submitted, reviewer=reviewer)
    assert not Application.objects.visible_to(reviewer).filter(pk=submitted.pk).exists()
    services.declare_conflict(by=reviewer, assignment=a, has_conflict=False)
    assert Application.objects.visible_to(reviewer).filter(pk=submitted.pk).exists()


def test_declared_conflict_blocks_the_assignment(world, submitted):
    reviewer = world.people["reviewer"]
    a = services.assign_reviewer(by=world.people["hq_staff"], application=submitted, reviewer=reviewer)
    a = services.declare_conflict(by=reviewer, assignment=a, has_conflict=True, note="元同僚")
    assert a.status == AssignmentStatus.CONFLICT
    assert not Application.objects.visible_to(reviewer).filter(pk=submitted.pk).exists()
    with pytest.raises(PermissionDenied):
        services.score_application(by=reviewer, application=submitted, scores={})


def test_declare_conflict_denied_to_someone_else(world, submitted):
    a = services.assign_reviewer(by=world.people["hq_staff"], application=submitted,
                                 reviewer=world.people["reviewer"])
    with pytest.raises(PermissionDenied):
        services.declare_conflict(by=world.people["expert"], assignment=a, has_conflict=False)


def test_score_unassigned_application_is_refused_with_a_message(world, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.score_application(by=world.people["reviewer"], application=submitted, scores={})
    assert excinfo.value.code == "unassigned"


def _review(world, application, reviewer, values):
    a = services.assign_reviewer(by=world.people["hq_staff"], application=application, reviewer=reviewer)
    services.declare_conflict(by=reviewer, assignment=a, has_conflict=False)
    scores = dict(zip([c.pk for c in _criteria(application)], values, strict=True))
    return services.score_application(by=reviewer, application=application, scores=scores)


def test_score_out_of_range_is_refused_and_nothing_saved(world, submitted):
    reviewer = world.people["reviewer"]
    with pytest.raises(ValidationError):
        _review(world, submitted, reviewer, [6, 3])
    assert submitted.assignments.get().scores.count() == 0


def test_ranking_orders_by_weighted_score(world, call):
    low, high = make_submitted(world, call, 2)
    _review(world, low, world.people["reviewer"], [1, 5])   # (1*2 + 5*1) / 3 = 2.33
    _review(world, high, world.people["reviewer"], [5, 1])  # (5*2 + 1*1) / 3 = 3.67
    ranked = queries.ranking(world.people["hq_staff"], call)
    assert [(r.application.pk, r.score) for r in ranked] == [(high.pk, 3.67), (low.pk, 2.33)]


def test_progress_counts_per_reviewer(world, call):
    apps = make_submitted(world, call, 2)
    _review(world, apps[0], world.people["reviewer"], [3, 3])
    services.assign_reviewer(by=world.people["hq_staff"], application=apps[1], reviewer=world.people["reviewer"])
    rows = queries.progress(call)
    assert [(r["assigned"], r["scored"], r["conflicts"]) for r in rows] == [(2, 1, 0)]


def test_assign_reviewer_kind_follows_the_person(world, call):
    a, b = make_submitted(world, call, 2)
    external = services.assign_reviewer(by=world.people["hq_staff"], application=a, reviewer=world.people["reviewer"])
    internal = services.assign_reviewer(by=world.people["hq_staff"], application=b,
                                        reviewer=world.people["branch_staff"])
    assert (external.kind, internal.kind) == ("external", "internal")


def test_assign_outside_reviewer_as_internal_is_refused(world, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.assign_reviewer(by=world.people["hq_staff"], application=submitted,
                                 reviewer=world.people["reviewer"], kind="internal")
    assert (excinfo.value.code, submitted.assignments.count()) == ("kind", 0)


def test_assign_clair_staff_as_external_is_refused(world, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.assign_reviewer(by=world.people["hq_staff"], application=submitted,
                                 reviewer=world.people["branch_staff"], kind="external")
    assert excinfo.value.code == "kind"


def test_board_assigns_with_the_kind_and_shows_it_in_the_progress(world, call):
    a, b = make_submitted(world, call, 2)
    client = world.client_for("hq_staff")
    client.post(reverse("grants:assign", args=[call.pk]), {
        "reviewer": world.people["branch_staff"].email, "kind": "internal", "applications": [a.pk, b.pk]})
    client.post(reverse("grants:assign", args=[call.pk]), {
        "reviewer": world.people["reviewer"].email, "kind": "external", "applications": [a.pk]})
    response = client.get(reverse("grants:board", args=[call.pk]), HTTP_ACCEPT_LANGUAGE="en")
    rows = sorted((p["reviewer_id"], p["kind_label"], p["assigned"]) for p in response.context["progress"])
    assert rows == sorted([(world.people["branch_staff"].pk, "Internal (CLAIR staff)", 2),
                           (world.people["reviewer"].pk, "External reviewer", 1)])
    assert "Internal (CLAIR staff)" in response.content.decode()


def test_board_refuses_an_outside_reviewer_as_internal_with_a_message(world, call):
    (a,) = make_submitted(world, call, 1)
    response = world.client_for("hq_staff").post(reverse("grants:assign", args=[call.pk]), {
        "reviewer": world.people["reviewer"].email, "kind": "internal", "applications": [a.pk]}, follow=True,
        HTTP_ACCEPT_LANGUAGE="en")
    messages = [str(m) for m in response.context["messages"]]
    assert (a.assignments.count(), any("not CLAIR staff" in m for m in messages)) == (0, True)


def test_score_without_a_rubric_is_refused(world, call):
    (a,) = make_submitted(world, call, 1)
    call.scheme.criteria.all().delete()
    from .factories import AssignmentFactory

    AssignmentFactory(application=a, reviewer=world.people["reviewer"], status="active")
    with pytest.raises(ValidationError) as excinfo:
        services.score_application(by=world.people["reviewer"], application=a, scores={})
    assert (excinfo.value.code, a.assignments.get().status) == ("no_rubric", "active")
