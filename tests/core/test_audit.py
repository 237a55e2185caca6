"""Audit: changes with actor and remote address; reads of sensitive records logged by one mixin."""

from auditlog.models import LogEntry
from django.test import RequestFactory
from django.views.generic import DetailView

from kizuna.core.audit import LogReadAccessMixin, read_accesses
from kizuna.core.models import Organisation


def test_change_through_a_page_records_actor_and_remote_address(world):
    client = world.client_for("hq_staff")
    client.post("/organisations/new/", {"kind": "ngo", "name": "多文化NPO"}, REMOTE_ADDR="203.0.113.7")
    org = Organisation.objects.get(name="多文化NPO")
    entry = LogEntry.objects.get_for_object(org).get()
    assert (entry.action, entry.actor, entry.remote_addr) == (LogEntry.Action.CREATE, world.people["hq_staff"],
                                                              "203.0.113.7")


def test_organisation_history_is_shown_to_staff(world):
    world.client_for("hq_staff").post("/organisations/new/", {"kind": "ngo", "name": "履歴NPO"})
    org = Organisation.objects.get(name="履歴NPO")
    page = world.client_for("hq_staff").get(org.get_absolute_url())
    assert [e.actor for e in page.context["history"]] == [world.people["hq_staff"]]


class _SensitiveView(LogReadAccessMixin, DetailView):
    model = Organisation
    template_name = "core/organisation_form.html"


def test_read_access_mixin_logs_every_read_with_the_reader(world):
    from auditlog.context import set_actor

    request = RequestFactory().get("/")
    request.user = world.people["hq_staff"]
    with set_actor(world.people["hq_staff"], remote_addr="198.51.100.4"):
        _SensitiveView.as_view()(request, pk=world.chiyoda.pk)
        _SensitiveView.as_view()(request, pk=world.chiyoda.pk)
    reads = list(read_accesses(world.chiyoda))
    assert [(r.actor, r.remote_addr) for r in reads] == [(world.people["hq_staff"], "198.51.100.4")] * 2


def _created_from(world, name: str, **request) -> str:
    world.client_for("hq_staff").post("/organisations/new/", {"kind": "ngo", "name": name}, **request)
    return LogEntry.objects.get_for_object(Organisation.objects.get(name=name)).get().remote_addr


def test_audit_address_ignores_a_forged_forwarded_address(world):
    assert _created_from(world, "偽装NPO", REMOTE_ADDR="203.0.113.7",
                         HTTP_X_FORWARDED_FOR="198.51.100.66") == "203.0.113.7"


def test_audit_address_behind_the_load_balancer_is_the_clients(world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert _created_from(world, "転送NPO", REMOTE_ADDR="10.0.0.2",
                         HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9") == "203.0.113.9"
