"""What the page patterns need from Python: the tone of a status tag (docs/ui-patterns.md).

Every list shows a record's state as a tag with colour *and* words: `{% status_tag obj %}` (kizuna_ui). The tone
follows the meaning of the state: done and granted are success, waiting on someone is warning, refused and failed
are danger, withdrawn and lapsed are muted. Apps whose states mean something else register their own tones.

`form_page` renders a form on the shared form page: 400 when a sent form has errors, which stay next to the fields.
`import_page` is the page of an all-or-nothing import (core/_import.html).
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render

TONES = {
    "success": {"awarded", "approved", "confirmed", "completed", "answered", "closed", "fixed", "done", "selected",
                "published", "scored", "active", "accepted", "checked_in"},
    "info": {"submitted", "open", "offered", "running", "reported", "under_review", "prepared", "requested"},
    "warning": {"returned", "report_returned", "waiting", "pending", "awaiting_branch", "awaiting_hq", "applied",
                "proposed", "queued"},
    "danger": {"rejected", "declined", "failed", "conflict"},
    "muted": {"withdrawn", "cancelled", "lapsed", "expired"},
    "neutral": {"draft"},
}
_BY_STATE = {state: tone for tone, states in TONES.items() for state in states}
_BY_MODEL: dict[str, dict[str, str]] = {}


def register_tones(model_label: str, tones: dict[str, str]) -> None:
    """A model whose states mean something other than the usual: {"reported": "success"}."""
    _BY_MODEL.setdefault(model_label, {}).update(tones)


def tone_of(state: str, model_label: str = "") -> str:
    return _BY_MODEL.get(model_label, {}).get(state) or _BY_STATE.get(state, "neutral")


def form_page(request, form, title, back, **extra):
    """The shared form page (core/form.html): the form with its title, the way back and any `extra` context
    (an `intro`); answered with 400 when a sent form has errors."""
    return render(request, "core/form.html", {"form": form, "title": title, "back": back, **extra},
                  status=400 if form.is_bound and form.errors else 200)


def import_page(request, form, template, run, **extra):
    """The page of an all-or-nothing import (core/imports.py, core/_import.html): when the sent `form` is valid,
    `run(content, filename)` reads its `file` and returns the ImportReport (the form's other fields are in
    `form.cleaned_data`). A file refused as a whole goes beside the file field. Answered with 400 when anything
    was refused; the template gets `form`, `report` and `extra`."""
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = run(upload.read(), upload.name)
        except ValidationError as error:
            form.add_error("file", error.messages[0])
    status = 400 if form.errors or (report is not None and not report.saved) else 200
    return render(request, template, {"form": form, "report": report, **extra}, status=status)
