"""`kizuna demo_logins` and `kizuna totp_code`, and the README that repeats the logins."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from kizuna.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, PEOPLE
from kizuna.core.mfa import current_code

README = Path(__file__).resolve().parents[2] / "README.md"


def _run(*args, **kwargs) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_demo_logins_lists_every_demo_person_with_the_password():
    output = _run("demo_logins")

    rows = [line for line in output.splitlines() if "@demo.kizuna.jp" in line]
    assert [row.split("|")[3].strip() for row in rows] == [p.address for p in PEOPLE]
    assert {row.split("|")[4].strip() for row in rows} == {DEMO_PASSWORD}
    assert [row.split("|")[5].strip() for row in rows] == ["TOTP" if p.totp else "—" for p in PEOPLE]


def test_demo_logins_in_japanese_translates_nothing_but_the_labels():
    english = _run("demo_logins")
    japanese = _run("demo_logins", language="ja")

    assert [line.split("|")[3] for line in english.splitlines()[2:22]] == [
        line.split("|")[3] for line in japanese.splitlines()[2:22]
    ]


def test_readme_shows_the_same_table_as_demo_logins():
    assert _run("demo_logins").strip() in README.read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    first_lines = README.read_text(encoding="utf-8").splitlines()[:12]

    commands = [line for line in first_lines if line.startswith("make ")]
    assert [c.split()[:2] for c in commands] == [["make", "run"], ["make", "test"]]


def test_totp_code_prints_a_code_that_allauth_accepts(reference_orgs):
    call_command("seed_demo", stdout=StringIO())

    client = Client()
    client.post("/accounts/login/", {"login": "hq-admin@demo.kizuna.jp", "password": DEMO_PASSWORD})
    code = _run("totp_code", "hq-admin@demo.kizuna.jp", verbosity=0).strip()
    response = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert (len(code), response.status_code, response["Location"]) == (6, 302, "/")


def test_totp_code_is_zero_padded_and_changes_every_period():
    codes = {current_code(DEMO_TOTP_SECRET, now=t)[0] for t in (0, 29, 30, 59)}

    assert (len(codes), {len(c) for c in codes}) == (2, {6})


def test_totp_code_refuses_an_address_outside_the_demo(db):
    with pytest.raises(CommandError):
        _run("totp_code", "someone@city.example.jp")


def test_totp_code_for_a_demo_person_without_totp_says_so(reference_orgs):
    call_command("seed_demo", stdout=StringIO())

    with pytest.raises(CommandError) as excinfo:
        _run("totp_code", "chiyoda-staff@demo.kizuna.jp")

    assert "no TOTP" in str(excinfo.value)
