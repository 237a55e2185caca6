"""The buttons and forms of a record's page: run one service step, say what happened, and go back to the record.

One implementation for every app (grants, events, requests, dispatch): a refusal (ValidationError) comes
back as error messages in the reader's language, a success as one message, and nothing is half-saved
because each service step is one transaction."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from .forms import add_service_errors


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


def submit_form(request, form, call, success: str, obj):
    """A form page's POST: when the form is valid, run the service (`call(**form.cleaned_data)`); its refusal
    goes onto the form (field errors beside their fields) and None is returned so that the page is shown again
    with status 400; its success is one message and the way back to `obj`."""
    if form.is_valid():
        try:
            call(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(obj)
    return None
