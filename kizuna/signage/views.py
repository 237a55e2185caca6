"""Pages: the public sign builder and online sign, the phrase bank with proposals and reviews, pointing boards,
the registration card, shelter packs and a municipality's own messages."""

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from kizuna.core.downloads import file_response, pdf_response
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required, public
from kizuna.core.rules import working_orgs

from . import queries, services, word
from .boards import BOARDS, CARD_FIELDS, LANGUAGE_QUESTION
from .enums import LANGUAGE_CODES, LANGUAGES, PRESETS, PackStatus, SheetKind
from .forms import CustomMessageForm, PackForm, PaperForm, ProposalForm, ReviewForm, SearchForm, SignForm
from .labels import labels_for
from .models import Message
from .pdf import absolute, render_pdf, sign_pdf
from .pictograms import LIBRARY, pictogram, pictogram_of
from .signs import SignSpec, build_sign, online_url

PDF = "application/pdf"



def _message(request, pk, **kwargs):
    return get_object_or_404(Message.objects.visible_to(request.user), pk=pk)


def _message_page(request, pk, **kwargs):
    """The message with every translation, read once."""
    try:
        return queries.message_with_translations(request.user, pk)
    except Message.DoesNotExist:
        raise Http404 from None


def _translation(request, pk, **kwargs):
    return get_object_or_404(queries.translations(request.user), pk=pk)


def _pack(request, pk, **kwargs):
    return get_object_or_404(queries.packs(request.user), pk=pk)


def _sign_form(request):
    """Bound once messages are chosen or a preview is asked for: searching alone does not complain."""
    bound = "m" in request.GET or "preview" in request.GET
    return SignForm(request.GET if bound else None, user=request.user)


@public("signage.build_sign")
def builder(request):
    """Find messages, choose languages and details, preview; download the PDF or open the sign online."""
    search = SearchForm(request.GET or None)
    search.is_valid() if search.is_bound else None
    found = search.cleaned_data if search.is_bound and not search.errors else {}
    form = _sign_form(request)
    sign = spec = None
    if form.is_bound and form.is_valid():
        spec = form.spec()
        sign = build_sign(spec, request.user)
    shown = list(queries.messages(request.user, q=found.get("q", ""), category=found.get("category"),
                                  purpose=found.get("purpose"))[:300])
    chosen = {str(pk) for pk in request.GET.getlist("m")}
    # The languages as the person ticked them, kept when the form is refused (e.g. six of them) or a search is made.
    ticked = request.GET.getlist("lang")
    return render(request, "signage/builder.html", {
        "search": search, "form": form, "found": shown, "chosen": chosen, "sign": sign, "spec": spec,
        "ticked": ticked, "standard": [LANGUAGES[c] for c in PRESETS["standard"]],
        "query": spec.query() if spec else "", "online": online_url(spec) if spec else "",
        "languages": LANGUAGES.values(),
    }, status=400 if form.is_bound and form.errors else 200)


@public("signage.build_sign")
def sign_download(request):
    form = SignForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "signage/errors.html", {"form": form}, status=400)
    spec = form.spec()
    sign = build_sign(spec, request.user)
    if not sign.blocks:
        return render(request, "signage/errors.html", {"form": form, "empty": True}, status=400)
    try:
        pdf = sign_pdf(sign, absolute(online_url(spec), request))
    except ValidationError as error:  # the texts do not fit one sheet even in the smallest type
        add_service_errors(form, error)
        return render(request, "signage/errors.html", {"form": form}, status=400)
    services.record_sheet(kind=SheetKind.SIGN, spec=spec, user=request.user)
    return pdf_response(pdf, f"kizuna-sign-{spec.size}-{'-'.join(spec.languages)}.pdf", inline=True)


@public("signage.build_sign")
def sign_docx(request):
    """The sign as a Word file, to edit locally: the same texts, marks and notes as the PDF."""
    form = SignForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "signage/errors.html", {"form": form}, status=400)
    spec = form.spec()
    sign = build_sign(spec, request.user)
    if not sign.blocks:
        return render(request, "signage/errors.html", {"form": form, "empty": True}, status=400)
    content = word.sign_docx(sign, absolute(online_url(spec), request))
    services.record_sheet(kind=SheetKind.DOCX, spec=spec, user=request.user, sheets=len(sign.blocks))
    return file_response(content, word.DOCX, f"kizuna-sign-{spec.size}-{'-'.join(spec.languages)}.docx")


@public("signage.build_sign")
def online(request):
    """The sign online (where the QR code leads): the reader switches among all 17 languages."""
    form = SignForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "signage/errors.html", {"form": form}, status=400)
    spec = form.spec()
    sign = build_sign(spec, request.user)
    switch = [(lang, online_url(spec, [lang.code])) for lang in LANGUAGES.values()]
    return render(request, "signage/online.html", {"sign": sign, "spec": spec, "switch": switch,
                                                   "languages": LANGUAGES.values()})


@permission_required("signage.view_message", get_object=_message_page)
def message(request, pk, obj):
    """A message with its translations and their provenance; the people who work on it (translators,
    reviewers, the organisation's colleagues) also see its history in words."""
    user = request.user
    can_propose = user.has_perm("signage.propose_translation", obj)
    reviewable = {t.pk for t in obj.all_translations if user.has_perm("signage.review_translation", t)}
    can_change = user.has_perm("signage.change_message", obj)
    return render(request, "signage/message.html", {
        "message": obj, "translations": obj.all_translations, "languages": LANGUAGES,
        "proposal_form": ProposalForm() if can_propose else None,
        "review_form": ReviewForm() if reviewable else None, "reviewable": reviewable,
        "history": (queries.message_history(obj, obj.all_translations)
                    if can_propose or reviewable or can_change else []),
        "can_change": can_change,
        "can_delete": user.has_perm("signage.delete_message", obj),
        "pictogram": pictogram(pictogram_of(obj)), "pictogram_entry": LIBRARY.get(pictogram_of(obj)),
    })


@permission_required("signage.propose_translation", get_object=_message)
@require_POST
def propose(request, pk, obj):
    form = ProposalForm(request.POST)
    if form.is_valid():
        services.propose_translation(by=request.user, message=obj, **form.cleaned_data)
        flash.success(request, _("Your translation was proposed; a reviewer will look at it."))
        return redirect(obj)
    return render(request, "signage/errors.html", {"form": form}, status=400)


@permission_required("signage.review_translation", get_object=_translation)
@require_POST
def review(request, pk, obj):
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_translation(by=request.user, translation=obj, **form.cleaned_data)
        except ValidationError as error:
            flash.error(request, " ".join(error.messages))
        else:
            flash.success(request, _("The review was recorded."))
        return redirect(obj.message)
    return render(request, "signage/errors.html", {"form": form}, status=400)


@permission_required("signage.make_pack")
def packs(request):
    form = PackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        orgs = working_orgs(request.user)
        d = form.cleaned_data
        pack = services.request_pack(by=request.user, organisation=orgs[0] if orgs else None,
                                     languages=d["lang"], size=d.get("size") or "A4",
                                     orientation=d.get("orientation") or "portrait",
                                     reviewed_only=d.get("reviewed_only", False))
        return redirect(pack)
    kept, days = services.pack_retention()
    return render(request, "signage/packs.html", {"form": form, "packs": queries.packs(request.user)[:50],
                                                  "retention_kept": kept, "retention_days": days},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("signage.view_pack", get_object=_pack)
def pack(request, pk, obj):
    template = "signage/_pack_progress.html" if request.headers.get("HX-Request") else "signage/pack.html"
    return render(request, template, {"pack": obj, "running": obj.status in (PackStatus.QUEUED, PackStatus.RUNNING)})


@permission_required("signage.view_pack", get_object=_pack)
def pack_download(request, pk, obj):
    if obj.status != PackStatus.DONE or not obj.file:
        return redirect(obj)  # not ready yet: its progress page
    return FileResponse(obj.file.open("rb"), as_attachment=True, filename=obj.file.name.rsplit("/", 1)[-1])


@permission_required("signage.add_message")
def add_message(request):
    form = CustomMessageForm(request.POST or None)
    orgs = working_orgs(request.user)
    if request.method == "POST" and form.is_valid():
        if not orgs:
            raise PermissionDenied
        d = form.cleaned_data
        obj = services.add_message(by=request.user, organisation=orgs[0], category=d["category"],
                                   texts={"ja": d["ja"], "en": d.get("en", "")}, pictogram=d.get("pictogram", ""))
        flash.success(request, _("The message was added; only your colleagues see it."))
        return redirect(obj)
    return render(request, "signage/message_form.html", {"form": form, "organisation": orgs[0] if orgs else None},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("signage.add_message")
def own_messages(request):
    """The organisation's own messages (to change or delete) and those deleted lately."""
    return render(request, "signage/own_messages.html", {
        "messages": queries.own_messages(request.user), "deleted": queries.deleted_own_messages(request.user),
        "organisations": working_orgs(request.user)})


def _current_texts(message, codes=("ja", "en")) -> dict:
    return dict(message.translations.filter(is_current=True, language__in=codes).values_list("language", "text"))


@permission_required("signage.change_message", get_object=_message)
def edit_message(request, pk, obj):
    form = CustomMessageForm(request.POST or None, initial={"category": obj.category, "pictogram": obj.pictogram,
                                                            **_current_texts(obj)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.change_message(by=request.user, message=obj, category=d["category"],
                                texts={"ja": d["ja"], "en": d.get("en", "")}, pictogram=d.get("pictogram", ""))
        flash.success(request, _("The message was changed; the earlier text is kept in its history."))
        return redirect(obj)
    return render(request, "signage/message_form.html", {"form": form, "organisation": obj.organisation,
                                                         "message": obj},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("signage.delete_message", get_object=_message)
def delete_message(request, pk, obj):
    if request.method == "POST":
        services.delete_message(by=request.user, message=obj)
        flash.success(request, _("The message was deleted."))
        return redirect("signage:own_messages")
    return render(request, "signage/message_delete.html", {"message": obj, "texts": _current_texts(obj)})


def _sheet(request, keys):
    """The bank messages `keys` in the languages asked for (or the standard set), in the keys' order."""
    form = SignForm({"lang": request.GET.getlist("lang"), "preset": request.GET.get("preset", ""),
                     "m": list(Message.objects.filter(organisation__isnull=True, key__in=keys)
                               .values_list("pk", flat=True)),
                     "size": request.GET.get("size", ""), "orientation": request.GET.get("orientation", ""),
                     "reviewed_only": request.GET.get("reviewed_only", "")}, user=request.user)
    if not form.is_valid():
        return form, None
    spec = form.spec()
    order = {key: n for n, key in enumerate(keys)}
    sign = build_sign(spec, request.user)
    sign.blocks.sort(key=lambda b: order.get(b.message.key, 0))
    return form, sign


def _printable(request, template, title, keys, label_key="", **extra):

    form, sign = _sheet(request, keys)
    if sign is None and set(form.errors) == {"m"}:  # the bank has none of the sheet's messages yet
        return render(request, "signage/sheet.html", {"title": title, "form": form, "sign": None,
                                                      "languages": LANGUAGES.values()})
    if sign is None:
        return render(request, "signage/errors.html", {"form": form}, status=400)
    labels = labels_for(sign.spec.languages)
    context = {"sign": sign, "spec": sign.spec, "title": title, "query": sign.spec.query(), "labels": labels,
               "printed_title": labels.get(label_key, []), **extra}
    if request.GET.get("format") == "docx":
        content = word.board_docx(context["printed_title"], word.block_cells(sign), sign.notes,
                                  size=sign.spec.size, orientation=sign.spec.orientation)
        services.record_sheet(kind=SheetKind.DOCX, spec=sign.spec, user=request.user)
        return file_response(content, word.DOCX, f"kizuna-{template}.docx")
    if request.GET.get("format") == "pdf":
        pdf = render_pdf(f"signage/print/{template}.html", context)
        services.record_sheet(kind=template, spec=sign.spec, user=request.user)
        return pdf_response(pdf, f"kizuna-{template}.pdf", inline=True)
    return render(request, "signage/sheet.html", {**context, "template": template, "form": form,
                                                  "languages": LANGUAGES.values()})


@public("signage.build_sign")
def board(request, audience):

    if audience not in BOARDS:
        raise Http404
    titles = {"staff": gettext_noop("Pointing board for shelter staff"),
              "evacuee": gettext_noop("Pointing board for evacuees")}
    return _printable(request, "board", _(titles[audience]), BOARDS[audience], audience=audience,
                      label_key=f"board-{audience}")


@public("signage.build_sign")
def card(request):

    return _printable(request, "card", _("Evacuee registration card"), CARD_FIELDS)


@public("signage.build_sign")
def language_board(request):
    """"Which language do you speak?": the question in every language of the bank beside the language's own
    name, for a person to point at theirs; on the page, as PDF or as a Word file."""
    form = PaperForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "signage/errors.html", {"form": form}, status=400)
    paper = form.cleaned_data if form.is_bound else {}
    question = Message.objects.filter(organisation__isnull=True, key=LANGUAGE_QUESTION).first()
    spec = SignSpec((question.pk,) if question else (), LANGUAGE_CODES, paper.get("size") or "A4",
                    paper.get("orientation") or "portrait")
    sign = build_sign(spec, request.user) if question else None
    lines = sign.blocks[0].lines if sign and sign.blocks else []
    title = _("Which language do you speak?")
    context = {"title": title, "lines": lines, "sign": sign, "spec": spec, "form": form,
               "heading": [line for line in lines if line.language.code in ("ja", "en")],
               "languages": LANGUAGES.values()}
    output = request.GET.get("format")
    if lines and output in ("pdf", "docx"):
        services.record_sheet(kind=SheetKind.BOARD if output == "pdf" else SheetKind.DOCX, spec=spec,
                              user=request.user)
        if output == "docx":
            cells = [[(line.language, line.language.native), (line.language, word.marked(line))] for line in lines]
            content = word.board_docx([(line.language, line.text) for line in context["heading"]], cells,
                                      sign.notes, size=spec.size, orientation=spec.orientation, columns=3)
            return file_response(content, word.DOCX, "kizuna-language-board.docx")
        return pdf_response(render_pdf("signage/print/language_board.html", context), "kizuna-language-board.pdf",
                            inline=True)
    return render(request, "signage/language_board.html", context)
