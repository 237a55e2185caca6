"""No list, export, search or API list shows a record that the person may not open.

For each role: the world, plus the records of several owners that each app adds (`MIXED` in
tests/<app>/access.py). Every such record gets a probe — a short marker at the start of its title, name or text
— and every list, export and search (pages and API operations) is read as that role (pages, JSON, CSV,
calendars, spreadsheets, PDFs). Each probe found must belong to a record the person may open by its model's
policy. (Single records are walked by tests/core/test_url_access.py: a forbidden one answers 404.)
"""

import io
import re
import subprocess

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse

from kizuna.core.policies import policies
from tests.access import LISTS_WITH_ARGUMENTS, MIXED, SAMPLES, SHOWN_WITH
from tests.conftest import ROLES, module_world
from tests.factories import arrange_update
from tests.walk import ENDPOINTS

PROBE = re.compile(r"zq(\d+)x(\d+)qz")
TEXT_FIELDS = ("title", "name", "subject", "body", "text", "description", "note", "comment", "theme", "report",
               "family_name", "title_ja", "text_ja")


def _record_policies():
    return [p for p in policies() if p.model and p.view]


def _probe_field(model):
    fields = {f.name: f for f in model._meta.concrete_fields}
    for name in TEXT_FIELDS:
        field = fields.get(name)
        if field is not None and field.get_internal_type() in ("CharField", "TextField") and not field.choices:
            return field
    return None


def _numbered() -> dict[int, object]:
    """Model number (in the probes) → policy."""
    return dict(enumerate(_record_policies()))


def _mark(world) -> None:
    """The records of several owners, each marked with its probe."""
    for make in MIXED:
        make(world)
    for number, policy in _numbered().items():
        model = policy.model_class
        field = _probe_field(model)
        if field is None:
            continue
        for pk, value in model._default_manager.values_list("pk", field.attname):
            marked = f"zq{number}x{pk}qz {value or ''}"
            if field.max_length:
                marked = marked[:field.max_length]
            arrange_update(model._default_manager.filter(pk=pk), **{field.attname: marked})


# the marked world is written once for the module; each role's walk reads it in its own savepoint
_kept_world, world = module_world(_mark)


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    if "pdf" in kind:
        return subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True).stdout.decode(errors="replace")
    if kind.startswith(("text/", "application/json")):
        return body.decode(errors="replace")
    return ""


def _get_endpoints():
    """Every list, export and search: the GET pages and operations without arguments, and those with arguments
    that list records (an office's queue, a call's board), named in LISTS_WITH_ARGUMENTS."""
    return [(route, name, method) for route, name, method, perm in ENDPOINTS
            if method in (None, "GET") and not perm.startswith("exempt:")
            and ("<" not in route or name in LISTS_WITH_ARGUMENTS)]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_record_the_person_may_not_open(world, role):
    numbered = _numbered()
    user = AnonymousUser() if role == "anonymous" else world.people[role]
    client = world.client_for(role)
    leaks = []
    for _route, name, _method in _get_endpoints():
        with transaction.atomic():  # what a sample creates for one URL is gone before the next
            url = reverse(name, kwargs=SAMPLES[name](world, role) if name in SAMPLES else {})
            response = client.get(url)
            found = set(PROBE.findall(_text(response))) if response.status_code == 200 else set()
            for number, pk in found:
                policy = numbered[int(number)]
                obj = policy.model_class._default_manager.filter(pk=int(pk)).first()
                shown_with = SHOWN_WITH.get(policy.model)
                if obj is not None and not user.has_perm(policy.view, obj) and not (
                        shown_with and shown_with(user, obj)):
                    leaks.append(f"{url} shows {policy.model} #{pk}")
            transaction.set_rollback(True)
    assert sorted(set(leaks)) == []


def test_probes_are_found_where_they_should_be(world):
    """The probe itself works: Chiyoda's staff see their own request's marker on their list."""
    numbered = _numbered()
    number = next(n for n, p in numbered.items() if p.model == "requests.Request")
    page = world.client_for("municipality_staff").get("/requests/").content.decode()
    assert f"zq{number}x" in page
