"""Pages of the safety confirmation (安否確認): the list, starting one, its live board, reminders, closing, the CSV
export, and the participant's answer page reached by a signed link (no login)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kizuna.core.actions import flash_errors, run_and_return
from kizuna.core.downloads import named
from kizuna.core.forms import add_service_errors
from kizuna.core.i18n import speak
from kizuna.core.permissions import permission_required, public

from . import queries_safety as queries
from . import safety
from .enums import SafetyReply
from .exports import board_csv
from .forms_safety import AnswerForm, BoardFilterForm, StartForm

BOARD_REFRESH_SECONDS = 15  # how often an open board refreshes its counts and table


def _confirmation(request, pk, **kwargs):
    return get_object_or_404(queries.confirmations(request.user), pk=pk)


@permission_required("jet.view_safety_confirmations")
def confirmations(request):
    return render(request, "jet/safety/list.html", {
        "confirmations": queries.confirmations(request.user)[:200],
        "may_start": request.user.has_perm("jet.start_safety_confirmation")})


@permission_required("jet.start_safety_confirmation")
@require_http_methods(["GET", "POST"])
def start(request):
    form = StartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            confirmation = safety.start_confirmation(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            asked = confirmation.answers.count()
            messages.success(request, _("The safety confirmation is started: %(n)s participants are asked.")
                             % {"n": asked})
            return redirect(confirmation)
    return render(request, "core/form.html", {
        "form": form, "title": _("Start a safety confirmation"), "back": reverse("jet:safety"),
        "intro": _("Every participant in the programme placed in the area is mailed a link to answer in one tap: "
                   "safe, needs help or injured."), "submit_label": _("Start and send the mails")},
        status=400 if form.is_bound and form.errors else 200)


@permission_required("jet.view_safety_confirmation", get_object=_confirmation)
def board(request, pk, obj):
    """The board: counts with bars, the table behind them, the rows filterable by answer; while the confirmation
    is open the part below the heading refreshes itself (htmx polling)."""
    form = BoardFilterForm(request.GET or None)
    answer = form.cleaned_data["answer"] if form.is_valid() else ""
    page = Paginator(queries.answers(request.user, obj, answer), 100).get_page(request.GET.get("page"))
    context = {"c": obj, "form": form, "answer": answer, "page": page, "rows": queries.board_rows(page),
               "counts": queries.counts(request.user, obj),
               "may_remind": obj.is_open and request.user.has_perm("jet.remind_safety_confirmation", obj),
               "may_close": obj.is_open and request.user.has_perm("jet.close_safety_confirmation", obj),
               "query": request.GET.urlencode(), "refresh": BOARD_REFRESH_SECONDS}
    template = "jet/safety/board.html#board" if request.htmx else "jet/safety/board.html"
    return render(request, template, context)


@permission_required("jet.view_safety_confirmation", get_object=_confirmation)
def export(request, pk, obj):
    response = HttpResponse(board_csv(queries.answers(request.user, obj, bodies=True)),
                            content_type="text/csv; charset=utf-8")
    named(response, f"safety-{obj.pk}.csv")
    return response


@permission_required("jet.remind_safety_confirmation", get_object=_confirmation)
@require_POST
def remind(request, pk, obj):
    try:
        sent = safety.remind(by=request.user, confirmation=obj)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(n)s reminders are sent.") % {"n": sent})
    return redirect(obj)


@permission_required("jet.close_safety_confirmation", get_object=_confirmation)
@require_POST
def close(request, pk, obj):
    return run_and_return(request, obj, lambda: safety.close_confirmation(by=request.user, confirmation=obj),
                          _("The safety confirmation is closed; it stays here as a record."))


_PROBLEMS = {
    "bad": (404, gettext_lazy("This link does not work. Use the latest link in your mail, or contact your "
                              "supervisor or PA.")),
    "expired": (410, gettext_lazy("This link has expired. Use the latest link in your mail (each reminder brings "
                                  "a new one).")),
    "closed": (410, gettext_lazy("This safety confirmation is closed: answers are no longer taken. If you need "
                                 "help, contact your supervisor or PA.")),
}


@public("jet.answer_safety")
@require_http_methods(["GET", "POST"])
def answer(request, pk, token):
    """The participant's page: on a phone, in Japanese or English, one tap to answer; answering again updates."""
    try:
        row = safety.row_for_link(pk, token)
    except safety.LinkProblem as problem:
        speak(request, problem.row.language if problem.row else None)
        status, text = _PROBLEMS[problem.code]
        return render(request, "jet/safety/link_problem.html", {
            "problem": problem.code, "text": text,
            "confirmation": problem.row.confirmation if problem.row else None}, status=status)
    language = speak(request, row.language)
    form = AnswerForm(request.POST or None, initial={"location": row.location, "note": row.note})
    if request.method == "POST" and form.is_valid():
        try:
            safety.record_answer(by=request.user, row=row, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(f"{request.path}?lang={language}&done=1")
    return render(request, "jet/safety/answer.html", {
        "row": row, "c": row.confirmation, "form": form, "replies": SafetyReply.choices, "language": language,
        "done": request.GET.get("done") == "1", "other": "en" if language == "ja" else "ja"},
        status=400 if form.is_bound and form.errors else 200)
