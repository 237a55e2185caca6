"""OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html): the library's released works as
`oai_dc` records, for JAIRO Cloud, CiNii Research and any harvester.

Verbs: Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords, GetRecord. Sets: `kind:<kind>`
and `theme:<slug>`. Selective harvesting by `from`/`until` (day or second granularity) on the datestamp, the
moment the work or anything of it last changed (`Work.updated_at`). A withdrawn work is a deleted record
(`deletedRecord` transient: the notice stays, the record goes). Lists come in pages of `PAGE` with a signed
resumption token that carries the request and where the page ended (the primary key), so a harvest walks an
index whatever the catalogue's size and a changed catalogue never repeats or skips a record."""

from datetime import UTC, datetime, time
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core import signing
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from .enums import Kind, Status
from .models import Edition, Theme, Work

PAGE = 100
TOKEN_SALT = "kizuna.library.oai"
OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
for _prefix, _uri in (("", OAI), ("oai_dc", OAI_DC), ("dc", DC), ("xsi", XSI)):
    ET.register_namespace(_prefix, _uri)

LIST_ARGS = {"metadataPrefix", "from", "until", "set", "resumptionToken"}
ARGS = {"Identify": set(), "ListMetadataFormats": {"identifier"}, "ListSets": {"resumptionToken"},
        "ListIdentifiers": LIST_ARGS, "ListRecords": LIST_ARGS, "GetRecord": {"identifier", "metadataPrefix"}}


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _q(tag: str, ns: str = OAI) -> str:
    return f"{{{ns}}}{tag}"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str, *, end: bool) -> tuple[datetime, str]:
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").date()
            return datetime.combine(day, time.max if end else time.min, tzinfo=UTC), "day"
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), "seconds"
    except ValueError:
        raise OAIError("badArgument", f"not a UTC date: {value}") from None


def _records():
    """What the repository holds: released works, and withdrawn ones as deleted records."""
    today = timezone.localdate()
    released = Q(status=Status.PUBLISHED) & (Q(embargo_until__isnull=True) | Q(embargo_until__lte=today))
    return Work.objects.filter(released | Q(status=Status.WITHDRAWN, published_at__isnull=False))


def _identifier_pk(identifier: str) -> int:
    prefix = f"oai:{settings.KIZUNA_OAI_NAMESPACE}:library/"
    if not identifier.startswith(prefix) or not identifier[len(prefix):].isdigit():
        raise OAIError("idDoesNotExist", f"no such record: {identifier}")
    return int(identifier[len(prefix):])


def _sets(work) -> list[str]:
    return [f"kind:{work.kind}", *(f"theme:{t.slug}" for t in work.themes.all())]


def _header(parent, work) -> None:
    header = ET.SubElement(parent, _q("header"))
    if work.status == Status.WITHDRAWN:
        header.set("status", "deleted")
    ET.SubElement(header, _q("identifier")).text = work.oai_identifier
    ET.SubElement(header, _q("datestamp")).text = _stamp(work.updated_at)
    for spec in _sets(work):
        ET.SubElement(header, _q("setSpec")).text = spec


def _dc(parent, request, work) -> None:
    metadata = ET.SubElement(parent, _q("metadata"))
    root = ET.SubElement(metadata, _q("dc", OAI_DC))
    root.set(_q("schemaLocation", XSI), f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def add(tag, text, **attrs):
        if text:
            element = ET.SubElement(root, _q(tag, DC))
            element.text = str(text)
            for key, value in attrs.items():
                element.set(key, value)

    for edition in work.editions.all():
        add("title", edition.title, **{"xml:lang": edition.language})
    for author in work.authors.all():
        add("creator", author.label("ja"))
    add("publisher", work.publisher.name)
    if work.publisher.name_en:
        add("publisher", work.publisher.name_en, **{"xml:lang": "en"})
    for theme in work.themes.all():
        add("subject", theme.name, **{"xml:lang": "ja"})
        add("subject", theme.name_en, **{"xml:lang": "en"})
    for country in work.countries.all():
        add("coverage", country.country)
    for edition in work.editions.all():
        add("description", edition.abstract, **{"xml:lang": edition.language})
        add("language", edition.language)
    add("date", work.published_on.isoformat() if work.published_on else "")
    add("type", "text")
    add("type", Kind(work.kind).label)
    add("identifier", request.build_absolute_uri(reverse("library:work", args=[work.pk])))
    if work.identifier:
        add("identifier", work.identifier)
    add("rights", "© CLAIR")


def _token(args: dict, after: int) -> str:
    return signing.dumps({**{k: v for k, v in args.items() if k != "resumptionToken"}, "after": after},
                         salt=TOKEN_SALT, compress=True)


def _untoken(token: str) -> dict:
    try:
        return signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        raise OAIError("badResumptionToken", "the resumption token is not valid") from None


def _list(root, request, verb: str, args: dict) -> None:
    if "resumptionToken" in args:
        if set(args) != {"resumptionToken"}:
            raise OAIError("badArgument", "resumptionToken is exclusive")
        args = _untoken(args["resumptionToken"])
    after = int(args.get("after", 0))
    if args.get("metadataPrefix") is None:
        raise OAIError("badArgument", "metadataPrefix is required")
    if args["metadataPrefix"] != "oai_dc":
        raise OAIError("cannotDisseminateFormat", "only oai_dc is offered")
    works = _records()
    bounds = {}
    for key, end in (("from", False), ("until", True)):
        if args.get(key):
            bounds[key] = _parse_date(args[key], end=end)
    if len({g for _m, g in bounds.values()}) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity")
    if "from" in bounds:
        works = works.filter(updated_at__gte=bounds["from"][0])
    if "until" in bounds:
        works = works.filter(updated_at__lte=bounds["until"][0])
    spec = args.get("set")
    if spec:
        kind, _sep, value = spec.partition(":")
        if kind == "kind" and value in Kind.values:
            works = works.filter(kind=value)
        elif kind == "theme" and Theme.objects.filter(slug=value).exists():
            works = works.filter(themes__slug=value)
        else:
            raise OAIError("badArgument", f"no such set: {spec}")
    total = works.count() if not after else None
    page = list(works.filter(pk__gt=after).order_by("pk").select_related("publisher").prefetch_related(
        "themes", "countries", "authors__organisation",
        Prefetch("editions", queryset=Edition.objects.only("pk", "work_id", "language", "title", "abstract")
                 .order_by("work_id", "pk")))[
        :PAGE + 1])
    if not page:
        raise OAIError("noRecordsMatch", "no records match")
    more = len(page) > PAGE
    page = page[:PAGE]
    container = ET.SubElement(root, _q(verb))
    for work in page:
        if verb == "ListIdentifiers":
            _header(container, work)
        else:
            record = ET.SubElement(container, _q("record"))
            _header(record, work)
            if work.status != Status.WITHDRAWN:
                _dc(record, request, work)
    if more or after:
        token = ET.SubElement(container, _q("resumptionToken"))
        if total is not None:
            token.set("completeListSize", str(total))
        token.text = _token(args, page[-1].pk) if more else ""


def _identify(root, request) -> None:
    element = ET.SubElement(root, _q("Identify"))
    earliest = _records().order_by("updated_at").values_list("updated_at", flat=True).first() or timezone.now()
    for tag, text in (("repositoryName", "CLAIR Information Library (Kizuna)"),
                      ("baseURL", request.build_absolute_uri(reverse("library:oai"))),
                      ("protocolVersion", "2.0"), ("adminEmail", settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip(">")),
                      ("earliestDatestamp", _stamp(earliest)), ("deletedRecord", "transient"),
                      ("granularity", "YYYY-MM-DDThh:mm:ssZ")):
        ET.SubElement(element, _q(tag)).text = text


def _formats(root, args) -> None:
    if "identifier" in args:
        _get(args["identifier"])
    element = ET.SubElement(root, _q("ListMetadataFormats"))
    fmt = ET.SubElement(element, _q("metadataFormat"))
    for tag, text in (("metadataPrefix", "oai_dc"), ("schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"),
                      ("metadataNamespace", OAI_DC)):
        ET.SubElement(fmt, _q(tag)).text = text


def _list_sets(root, args) -> None:
    if "resumptionToken" in args:
        raise OAIError("badResumptionToken", "ListSets has a single page")
    element = ET.SubElement(root, _q("ListSets"))
    specs = [(f"kind:{k}", str(label)) for k, label in Kind.choices]
    specs += [(f"theme:{t.slug}", f"{t.name} / {t.name_en}") for t in Theme.objects.all()]
    for spec, name in specs:
        item = ET.SubElement(element, _q("set"))
        ET.SubElement(item, _q("setSpec")).text = spec
        ET.SubElement(item, _q("setName")).text = name


def _get(identifier: str) -> Work:
    work = _records().select_related("publisher").filter(pk=_identifier_pk(identifier)).first()
    if work is None:
        raise OAIError("idDoesNotExist", f"no such record: {identifier}")
    return work


def _get_record(root, request, args) -> None:
    if "identifier" not in args or "metadataPrefix" not in args:
        raise OAIError("badArgument", "identifier and metadataPrefix are required")
    if args["metadataPrefix"] != "oai_dc":
        raise OAIError("cannotDisseminateFormat", "only oai_dc is offered")
    work = _get(args["identifier"])
    record = ET.SubElement(ET.SubElement(root, _q("GetRecord")), _q("record"))
    _header(record, work)
    if work.status != Status.WITHDRAWN:
        _dc(record, request, work)


def respond(request) -> HttpResponse:
    params = request.GET if request.method == "GET" else request.POST
    root = ET.Element(_q("OAI-PMH"))
    root.set(_q("schemaLocation", XSI), f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    ET.SubElement(root, _q("responseDate")).text = _stamp(timezone.now())
    req = ET.SubElement(root, _q("request"))
    req.text = request.build_absolute_uri(reverse("library:oai"))
    verb = params.get("verb", "")
    try:
        if any(len(params.getlist(k)) > 1 for k in params):
            raise OAIError("badArgument", "an argument is repeated")
        if verb not in ARGS:
            raise OAIError("badVerb", "no such verb")
        args = {k: params[k] for k in params if k != "verb"}
        if set(args) - ARGS[verb]:
            raise OAIError("badArgument", f"unexpected arguments: {', '.join(sorted(set(args) - ARGS[verb]))}")
        req.set("verb", verb)
        for key, value in args.items():
            req.set(key, value)
        if verb == "Identify":
            _identify(root, request)
        elif verb == "ListMetadataFormats":
            _formats(root, args)
        elif verb == "ListSets":
            _list_sets(root, args)
        elif verb == "GetRecord":
            _get_record(root, request, args)
        else:
            _list(root, request, verb, args)
    except OAIError as error:
        element = ET.SubElement(root, _q("error"))
        element.set("code", error.code)
        element.text = str(error)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
