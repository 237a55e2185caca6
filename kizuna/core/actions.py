"""The buttons of a record's page: run one service step, say what happened, and go back to the record.

One implementation for every app (grants, events, requests, dispatch): a refusal (ValidationError) comes
back as error messages in the reader's language, a success as one message, and nothing is half-saved
because each service step is one transaction."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def run_and_return(request, obj, call, success: str):
    """Run a service (`call()`), say what happened (its refusal, or `success`), and go back to `obj`."""
    try:
        call()
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, success)
    return redirect(obj)


def back_with_form_errors(request, obj, form):
    """A button's small form did not validate: its problems as messages ("label: problem"), back to `obj`."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(obj)
