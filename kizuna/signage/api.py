"""The phrase bank and signs in the API: languages, messages (search), one message with every translation and
its provenance, and a message's sign as PDF in chosen languages."""

from enum import Enum

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from kizuna.core.api import MAX_ID, Pages
from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.downloads import pdf_response
from kizuna.core.schemas import with_errors

from . import queries
from .enums import LANGUAGE_CODES, LANGUAGES, MAX_LANGUAGES, PRESETS, Orientation, PageSize, SheetKind
from .models import Category, Message, Purpose
from .pdf import absolute, sign_pdf
from .pictograms import LIBRARY, Kind, pictogram_of, svg_file
from .schemas import LanguageOut, MessageDetailOut, MessageOut, PictogramOut
from .services import record_sheet
from .signs import SignSpec, build_sign, online_url

router = Router(tags=["signage"])

# The language codes and presets as enumerations, so the OpenAPI document lists them and anything else is
# refused (422) with the list of valid values.
LanguageCode = Enum("LanguageCode", {code.replace("-", "_"): code for code in LANGUAGE_CODES}, type=str)
Preset = Enum("Preset", {key.replace("-", "_"): key for key in PRESETS}, type=str)
LIST_LANGUAGES = Query(["ja", "en"], max_length=len(LANGUAGE_CODES))
SIGN_LANGUAGES = Query([], max_length=MAX_LANGUAGES)

PDF_RESPONSE = {"responses": {200: {"description": "The sign, one page, as PDF.",
                                    "content": {"application/pdf": {"schema": {"type": "string",
                                                                               "format": "binary"}}}}}}


ID = Path(..., ge=1, le=MAX_ID)


def _message(request, message_id, **kwargs):
    return get_object_or_404(Message.objects.visible_to(request.user), pk=parse_id(message_id))


def _message_detail(request, message_id, **kwargs):
    """The message with every translation, read once."""
    try:
        return queries.message_with_translations(request.user, parse_id(message_id))
    except Message.DoesNotExist:
        raise Http404 from None


def _out(message) -> dict:
    return {"id": message.pk, "key": message.key, "category": message.category.key,
            "phase": message.category.phase, "purposes": [p.key for p in message.purposes.all()],
            "own": message.organisation_id is not None,
            "pictogram": message.pictogram, "shown_pictogram": pictogram_of(message),
            "texts": {t.language: t.text for t in getattr(message, "current", [])}}


def _languages(codes) -> list[str]:
    return list(dict.fromkeys(getattr(c, "value", c) for c in codes))


@router.get("/languages", response=with_errors(list[LanguageOut], 401), auth=allowed("signage.view_bank"))
def signage_list_languages(request):
    """The 17 languages of the bank, with the font family each is printed in."""
    return [vars(lang) for lang in LANGUAGES.values()]


@router.get("/pictograms", response=with_errors(list[PictogramOut], 401, 422), auth=allowed("signage.view_bank"))
def signage_list_pictograms(request, kind: Kind | None = None):
    """The pictogram library (Kizuna's own drawings, after the meanings of JIS Z 8210 and of the food-allergen
    labelling): key, kind, Japanese and English names and the SVG file; `kind` filters."""
    wanted = getattr(kind, "value", kind)
    return [{"key": p.key, "kind": p.kind, "name": p.name, "name_en": p.name_en, "svg": svg_file(p.key)}
            for p in LIBRARY.values() if wanted is None or p.kind == wanted]


@router.get("/messages", response=with_errors(list[MessageOut], 401, 422), auth=allowed("signage.view_bank"))
@paginate(Pages, page_size=50)
def signage_list_messages(request, q: str = Query("", max_length=100), category: str = Query("", max_length=60),
                          purpose: str = Query("", max_length=60),
                          lang: list[LanguageCode] = LIST_LANGUAGES):
    """Messages by keyword in any language (2-character Japanese words included), category key and purpose
    key; `texts` holds the text signs use in each `lang`."""
    cat = Category.objects.filter(key=category).first() if category else None
    pur = Purpose.objects.filter(key=purpose).first() if purpose else None
    if (category and cat is None) or (purpose and pur is None):
        return []
    found = queries.messages(request.user, q=q, category=cat, purpose=pur, languages=_languages(lang))
    return [_out(m) for m in found]


@router.get("/messages/{message_id}", response=with_errors(MessageDetailOut, 401, 404, 422),
            auth=allowed("signage.view_message", get_object=_message_detail))
def signage_get_message(request, message_id: int = ID):
    """One message with every translation: who made it, how, its status and whether a native speaker
    reviewed it."""
    message = loaded(request)
    message.current = [t for t in message.all_translations if t.is_current]
    return {**_out(message), "translations": [
        {"id": t.pk, "language": t.language, "text": t.text, "status": t.status, "current": t.is_current,
         "method": t.method, "author": t.author, "native_reviewed": t.native_reviewed,
         "reviewer": t.reviewer_name, "reviewed_at": t.reviewed_at, "created_at": t.created_at}
        for t in message.all_translations]}


@router.get("/messages/{message_id}/sign.pdf", response={**with_errors(None, 401, 404, 422)},
            openapi_extra=PDF_RESPONSE, auth=allowed("signage.build_sign", get_object=_message))
def signage_message_pdf(request, message_id: int = ID,
                        lang: list[LanguageCode] = SIGN_LANGUAGES,
                        preset: Preset | None = None,
                        size: PageSize = PageSize.A4, orientation: Orientation = Orientation.PORTRAIT,
                        reviewed_only: bool = False):
    """The message's sign as PDF in up to 5 languages (`lang`, repeated) or a `preset` set (default:
    `standard`). More than 5 languages or an unknown code is refused (422), and so are texts too long for one
    sheet even in the smallest type (never cut off). With `reviewed_only`, texts not
    reviewed by a native speaker are left out; if nothing is left, 404."""
    codes = _languages(lang) or list(PRESETS[preset.value if preset else "standard"])
    spec = SignSpec((loaded(request).pk,), tuple(codes), getattr(size, "value", size),
                    getattr(orientation, "value", orientation), reviewed_only)
    sign = build_sign(spec, request.user)
    if not sign.blocks:
        raise HttpError(404, "No translation of this message to print in these languages.")
    try:
        pdf = sign_pdf(sign, absolute(online_url(spec), request))
    except ValidationError as error:  # too long for one sheet even in the smallest type
        raise HttpError(422, " ".join(error.messages)) from None
    record_sheet(kind=SheetKind.SIGN, spec=spec, user=request.user)
    return pdf_response(pdf, f"kizuna-sign-{message_id}.pdf", inline=True)
