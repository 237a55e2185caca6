"""Every string the code and templates mark for translation has a Japanese translation that is not fuzzy.

The catalogues are extracted afresh (`makemessages`, as a developer would run it) from a copy of the code, so
a string added without its translation fails here instead of showing in English on a Japanese page."""

import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

KIZUNA = Path(__file__).resolve().parents[2] / "kizuna"
APPS = sorted(p.parent.parent.name for p in KIZUNA.glob("*/locale/ja") if p.parent.parent != KIZUNA)

pytestmark = pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext is installed by make setup")


def _makemessages(cwd: Path, *ignore: str) -> Path:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kizuna.settings", "KIZUNA_DEV": "1",
           "PYTHONPATH": str(cwd.parent if cwd.name == "kizuna" else cwd.parent.parent)}
    # -P: the app directory is the working directory, and its rules.py must not shadow django-rules
    args = [sys.executable, "-P", "-m", "django", "makemessages", "-l", "ja", "--no-obsolete", "--no-location"]
    for pattern in ignore:
        args += ["--ignore", pattern]
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)
    return cwd / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def _missing(po: Path) -> list[str]:
    found = []
    for flag in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run(["msgattrib", flag, "--no-wrap", str(po)], check=True, capture_output=True,
                             text=True).stdout
        found += [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    return found


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("catalogues") / "kizuna"
    shutil.copytree(KIZUNA, target, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    return target


def test_every_app_has_a_japanese_catalogue():
    assert {"grants", "plan", "signage", "events", "dispatch", "requests"} <= set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_every_string_of_the_app_is_translated(copy, app):
    assert _missing(_makemessages(copy / app)) == []


def test_every_string_of_the_project_is_translated(copy):
    assert _missing(_makemessages(copy, *[f"{app}/*" for app in APPS])) == []


def _conflicts(catalogues: list[Path]) -> list[str]:
    """The msgids (with their context) that two catalogues translate differently. Django merges every app's
    catalogue into one, so only one of the translations can show: "Orientation" became 向き on the events'
    pages. A msgid that means two things gets a `pgettext` context; one that means the same is said once."""
    out = subprocess.run(["msgcat", "--no-wrap", *map(str, catalogues)], check=True, capture_output=True,
                         text=True).stdout
    found = []
    for entry in out.split("\n\n"):
        if "#-#-#-#-#" not in entry:
            continue
        keys = [line for line in entry.splitlines() if line.startswith(("msgctxt ", "msgid "))]
        if keys != ['msgid ""']:
            found.append(" ".join(keys))
    return found


def test_one_msgid_has_one_meaning_across_the_catalogues():
    catalogues = sorted(KIZUNA.glob("*/locale/ja/LC_MESSAGES/django.po")) + [
        KIZUNA / "locale" / "ja" / "LC_MESSAGES" / "django.po"]
    assert _conflicts(catalogues) == []


_CALL_IN_FSTRING = re.compile(r"\{[^{}]*\b(?:_|gettext|pgettext|ngettext|npgettext|gettext_lazy)\(")


def _translated_inside_fstrings(source: str) -> list[str]:
    """The f-strings of `source` that call a translation function inside a replacement field."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        prefix = re.match(r"[rRbBuUfF]*", token.string).group().lower()
        if token.type == tokenize.STRING and "f" in prefix and _CALL_IN_FSTRING.search(token.string):
            found.append(f"line {token.start[0]}: {token.string[:80]}")
    return found


def test_no_string_is_translated_inside_an_f_string():
    """xgettext does not look inside f-strings: `f"{_('Awaiting a reply')}"` left its msgid out of the catalogue,
    so the counselling queue said "Awaiting a reply" on Japanese pages. The translation goes into a name first."""
    found = {str(path.relative_to(KIZUNA)): hits for path in sorted(KIZUNA.rglob("*.py"))
             if (hits := _translated_inside_fstrings(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_f_string_check_finds_a_translation_inside_a_replacement_field():
    assert _translated_inside_fstrings("x = f' <b>{escape(_(\"Awaiting a reply\"))}</b>'\n")
    assert _translated_inside_fstrings("x = F\"{pgettext('tag', 'Open')}: {n}\"\n")
    assert not _translated_inside_fstrings("label = _('Open')\nx = f'{label}: {n}'\ny = '{_(x)}'\n")
