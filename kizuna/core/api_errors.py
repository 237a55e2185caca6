"""Refusals of the API in the caller's language.

django-ninja answers invalid input with pydantic's English messages ("Field required", "Input should be a valid
integer") and a body it cannot parse with a 400 "Cannot parse request body". Here each problem keeps its `type`
and `loc` (what a program reads) and gets a `msg` in the language of the request (what a person reads); messages
our own validators raise (`ValueError` with a translated text) are passed on without pydantic's "Value error, ".
A body that is not JSON is answered like other invalid input: 422, type `json_invalid`; so is a body that the
parser (kizuna.core.api_parser) refuses: text with a lone surrogate (`string_unicode`) or a JSON value that is
not an object (`model_type`).
"""

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from .api_parser import BodyRefused


def _messages() -> dict[str, str]:
    """pydantic error type → message; %(name)s takes the error's context (its limits, the choices)."""
    whole_number = _("Enter a whole number.")
    number = _("Enter a number.")
    date = _("Enter a valid date (YYYY-MM-DD).")
    date_time = _("Enter a valid date and time (ISO 8601, e.g. 2026-04-01T09:00:00+09:00).")
    obj = _("Send an object with named fields.")
    return {
        "missing": _("This field is required."),
        "json_invalid": _("The request body is not valid JSON."),
        "int_parsing": whole_number, "int_type": whole_number, "int_from_float": whole_number,
        "float_parsing": number, "float_type": number, "decimal_parsing": number, "decimal_type": number,
        "finite_number": number,
        "bool_parsing": _("Enter true or false."), "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "string_unicode": _("The text is not valid Unicode: it contains a lone UTF-16 surrogate."),
        "string_too_short": _("Enter at least %(min_length)s characters."),
        "string_too_long": _("Enter at most %(max_length)s characters."),
        "too_short": _("Give at least %(min_length)s items."),
        "too_long": _("Give at most %(max_length)s items."),
        "greater_than": _("Enter a value greater than %(gt)s."),
        "greater_than_equal": _("Enter a value of at least %(ge)s."),
        "less_than": _("Enter a value less than %(lt)s."),
        "less_than_equal": _("Enter a value of at most %(le)s."),
        "date_parsing": date, "date_type": date, "date_from_datetime_parsing": date,
        "datetime_parsing": date_time, "datetime_type": date_time, "datetime_from_date_parsing": date_time,
        "enum": _("Choose one of: %(expected)s."),
        "literal_error": _("Choose one of: %(expected)s."),
        "list_type": _("Send a list."),
        "dict_type": obj, "model_type": obj, "model_attributes_type": obj,
        "extra_forbidden": _("This field is not accepted here."),
        "url_parsing": _("Enter a valid URL."), "url_type": _("Enter a valid URL."),
        "uuid_parsing": _("Enter a valid UUID."),
    }


def translate_error(error: dict, messages: dict[str, str]) -> dict:
    kind = error.get("type", "")
    message = error.get("msg", "")
    context = dict(error.get("ctx") or {})
    if "expected" in context:  # pydantic's "'ja', 'en' or 'ko'": the values alone, in no one's language
        context["expected"] = ", ".join(re.findall(r"'([^']*)'", str(context["expected"]))) or context["expected"]
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind in messages:
        try:
            message = messages[kind] % context
        except (KeyError, TypeError, ValueError):  # a context without the expected value: the plain message
            message = messages[kind].split("%")[0].strip() or message
    translated = {key: value for key, value in error.items() if key not in ("ctx", "url", "input")}
    translated["msg"] = message
    return translated


# Messages ninja raises itself (HttpError), by their English text.
def _http_messages() -> dict[str, str]:
    return {"Unauthorized": _("Log in or send a valid API token.")}


BODY_NOT_PARSED = "Cannot parse request body"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        messages = _messages()
        return api.create_response(request, {"detail": [translate_error(e, messages) for e in exc.errors]},
                                   status=422)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        message = str(exc)
        if exc.status_code == 400 and message.startswith(BODY_NOT_PARSED):
            # A body that is not JSON is invalid input like any other (as FastAPI answers it): 422, with the
            # problem where a program finds the others.
            kind = exc.__cause__.kind if isinstance(exc.__cause__, BodyRefused) else "json_invalid"
            return validation_error(request, ValidationError([{"type": kind, "loc": ["body"], "msg": message}]))
        known = _http_messages().get(message)
        return api.create_response(request, {"detail": known or message}, status=exc.status_code)


# Errors Django answers itself, before or after ninja (no URL matched, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, an
# exception): under /api/ they are JSON like every other refusal; pages keep Django's own error pages.

def is_api(request) -> bool:
    return request.path.startswith("/api/")


def _json(message, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(message)}, status=status)


def _page(request, status: int, title: str, explanation: str):
    """An error page like every other page: the header, the way back, in the person's language."""
    try:
        return render(request, "error.html", {"title": title, "explanation": explanation, "status": status},
                      status=status)
    except Exception:  # noqa: BLE001 - an error page must answer even when the page layout cannot be drawn
        return defaults.server_error(request) if status == 500 else HttpResponse(title, status=status)


def bad_request(request, exception):
    if not is_api(request):
        return _page(request, 400, _("The request could not be understood"),
                     _("The address or the form sent was not valid. Go back and try again."))
    if isinstance(exception, RequestDataTooBig):
        return _json(_("The request body is larger than %(size)s bytes.")
                     % {"size": f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}"}, 413)
    return _json(_("The request could not be understood."), 400)


def permission_denied(request, exception):
    if not is_api(request):
        return _page(request, 403, _("You cannot do this"),
                     _("Your role in your organisation does not allow this. If you need it, ask your organisation's "
                       "administrator or CLAIR headquarters."))
    return _json(_("You do not have permission to do this."), 403)


def page_not_found(request, exception):
    if not is_api(request):
        return _page(request, 404, _("This page cannot be found"),
                     _("It does not exist, or it is not open to you. Check the address, or start again from the "
                       "home page."))
    return _json(_("There is no such address in the API."), 404)


def server_error(request):
    if not is_api(request):
        return defaults.server_error(request)  # 500.html: plain, it must render whatever went wrong
    return _json(_("Something went wrong on our side. Try again later."), 500)
