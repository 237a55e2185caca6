"""The registry as open data: one row per affiliation, the same columns in the CSV and the JSON, described by a
Frictionless table schema (`schema()`, served at /exchange/open-data/schema.json) and by DCAT metadata
(`dcat()`, JSON-LD at /exchange/open-data/dcat.jsonld). The CSV is streamed: the whole registry is read with
one query and written line by line."""

from django.urls import reverse
from django.utils import timezone

from kizuna.core.countries import country_name
from kizuna.core.spreadsheets import csv_lines

from . import queries
from .models import Affiliation

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = {"name_ja": "一般財団法人自治体国際化協会", "name_en": "Council of Local Authorities for International "
             "Relations (CLAIR)", "url": "https://www.clair.or.jp/"}

# name, Frictionless type, title, description, constraints
FIELDS = [
    ("id", "integer", "Affiliation id", "Kizuna's number of the affiliation (stable).", {"required": True}),
    ("local_government_code", "string", "Local-government code",
     "全国地方公共団体コード: 6 digits with the check digit.", {"required": True, "pattern": r"^\d{6}$"}),
    ("local_government_name", "string", "Local government (Japanese)", "", {"required": True}),
    ("local_government_name_en", "string", "Local government (English)", "", {}),
    ("prefecture_code", "string", "Prefecture code", "The prefecture's local-government code.", {}),
    ("prefecture_name", "string", "Prefecture (Japanese)", "", {}),
    ("partner_id", "integer", "Partner id", "Kizuna's number of the foreign partner (stable).", {"required": True}),
    ("partner_name", "string", "Partner (local language)", "", {"required": True}),
    ("partner_name_en", "string", "Partner (English)", "", {}),
    ("partner_name_ja", "string", "Partner (Japanese)", "", {}),
    ("partner_region", "string", "Partner's region or state", "", {}),
    ("country_code", "string", "Country (ISO 3166-1 alpha-2)", "", {"required": True, "pattern": "^[A-Z]{2}$"}),
    ("country_name_en", "string", "Country (English)", "", {}),
    ("country_name_ja", "string", "Country (Japanese)", "", {}),
    ("partner_wikidata", "string", "Partner's Wikidata id", "The partner's item (P190 twinned administrative body).",
     {"pattern": r"^(Q\d+)?$"}),
    ("affiliation_type", "string", "Type", "sister, friendship, partner or other.",
     {"required": True, "enum": ["sister", "friendship", "partner", "other"]}),
    ("signed_on", "date", "Affiliation date", "The day the agreement was signed.", {"required": True}),
    ("signatories", "string", "Signatories", "", {}),
    ("assembly_approved_on", "date", "Assembly approval", "", {}),
    ("exchange_fields", "string", "Fields of exchange", "Codes separated by a semicolon (see docs/exchange.md).", {}),
    ("ends_on", "date", "End of the term", "Fixed-term affiliations only.", {}),
    ("renewed_on", "date", "Renewed on", "", {}),
    ("status", "string", "Status", "active, lapsed or dissolved.",
     {"required": True, "enum": ["active", "lapsed", "dissolved"]}),
    ("dissolved_on", "date", "Dissolved on", "", {}),
    ("heads_signed", "boolean", "The heads signed an agreement", "CLAIR's first condition.", {"required": True}),
    ("several_fields", "boolean", "Exchange in more than one field", "CLAIR's second condition.", {"required": True}),
    ("assembly_approved", "boolean", "The assembly approved it", "CLAIR's third condition.", {"required": True}),
    ("counted", "boolean", "Counted", "Meets the three conditions: counted in CLAIR's figures.", {"required": True}),
    ("partner_latitude", "number", "Partner's latitude", "", {}),
    ("partner_longitude", "number", "Partner's longitude", "", {}),
]
COLUMNS = [f[0] for f in FIELDS]
_VALUES = ("pk", "local_government__code", "local_government__name", "local_government__name_en",
           "local_government__prefecture__code", "local_government__prefecture__name", "partner_id", "partner__name",
           "partner__name_en", "partner__name_ja", "partner__region", "partner__country", "partner__wikidata_id",
           "affiliation_type", "signed_on", "signatories", "assembly_approved_on", "exchange_fields", "ends_on",
           "renewed_on", "status", "dissolved_on", "heads_signed", "several_fields", "assembly_approved",
           "partner__latitude", "partner__longitude")


def _iso(value):
    return value.isoformat() if value is not None else None


def records(qs=None):
    """Every affiliation as a dict of the schema's columns, by local-government code and date (one query)."""
    qs = qs if qs is not None else Affiliation.objects.all()
    names = {}
    for row in qs.order_by("local_government__code", "signed_on", "pk").values_list(*_VALUES).iterator(2000):
        (pk, code, name, name_en, pref_code, pref_name, partner_id, p_name, p_name_en, p_name_ja, region, country,
         wikidata, kind, signed, signatories, approved_on, fields, ends, renewed, status, dissolved, heads, several,
         approved, lat, lon) = row
        if country not in names:
            names[country] = (country_name(country, "en"), country_name(country, "ja"))
        yield {
            "id": pk, "local_government_code": code, "local_government_name": name,
            "local_government_name_en": name_en, "prefecture_code": pref_code or "", "prefecture_name": pref_name or "",
            "partner_id": partner_id, "partner_name": p_name, "partner_name_en": p_name_en,
            "partner_name_ja": p_name_ja, "partner_region": region, "country_code": country,
            "country_name_en": names[country][0], "country_name_ja": names[country][1],
            "partner_wikidata": wikidata, "affiliation_type": kind, "signed_on": _iso(signed),
            "signatories": signatories, "assembly_approved_on": _iso(approved_on),
            "exchange_fields": ";".join(fields or []), "ends_on": _iso(ends), "renewed_on": _iso(renewed),
            "status": status, "dissolved_on": _iso(dissolved), "heads_signed": heads, "several_fields": several,
            "assembly_approved": approved, "counted": bool(heads and several and approved),
            "partner_latitude": float(lat) if lat is not None else None,
            "partner_longitude": float(lon) if lon is not None else None,
        }


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_stream(qs=None):
    """The CSV file line by line (UTF-8 with a BOM, CRLF; booleans as true/false, empty for none)."""
    return csv_lines(COLUMNS, ([_cell(r[c]) for c in COLUMNS] for r in records(qs)))


def schema(request) -> dict:
    """The Frictionless table schema of the CSV and of the JSON's `affiliations`."""
    fields = []
    for name, kind, title, description, constraints in FIELDS:
        entry = {"name": name, "type": kind, "title": title}
        if description:
            entry["description"] = description
        if kind == "boolean":
            entry.update(trueValues=["true"], falseValues=["false"])
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    return {"$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
            "name": "sister-city-affiliations", "title": "Sister-city affiliations of Japanese local governments",
            "fields": fields, "primaryKey": ["id"], "missingValues": [""],
            "foreignKeys": [], "description": "One row per affiliation. See "
            + request.build_absolute_uri(reverse("exchange:open_data"))}


def document(request) -> dict:
    """The JSON download: the counts as the public pages show them, and every affiliation."""
    found = queries.totals()
    return {"title": "Sister-city affiliations of Japanese local governments",
            "schema": request.build_absolute_uri(reverse("exchange:schema")),
            "license": LICENSE, "publisher": PUBLISHER["name_en"], "modified": queries.modified().isoformat(),
            "generated": timezone.now().isoformat(),
            "counts": {"recorded": found.recorded, "in_force": found.in_force, "counted": found.counted,
                       "not_counted": found.not_counted, "local_governments": found.governments,
                       "countries": found.countries},
            "affiliations": list(records())}


def dcat(request) -> dict:
    """DCAT-AP style metadata of the dataset and its two distributions, as JSON-LD."""
    url = request.build_absolute_uri
    modified = queries.modified().date().isoformat()
    schema_url = url(reverse("exchange:schema"))

    def distribution(name, view, media, fmt):
        return {"@type": "dcat:Distribution", "dct:title": name, "dcat:accessURL": {"@id": url(view)},
                "dcat:downloadURL": {"@id": url(view)}, "dcat:mediaType": media, "dct:format": fmt,
                "dct:license": {"@id": LICENSE}, "dct:conformsTo": {"@id": schema_url}, "dct:modified": modified}

    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/", "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": url(reverse("exchange:dcat")),
        "@type": "dcat:Dataset",
        "dct:identifier": "kizuna-exchange-affiliations",
        "dct:title": [{"@language": "ja", "@value": "姉妹(友好)都市提携の一覧"},
                      {"@language": "en", "@value": "Sister-city affiliations of Japanese local governments"}],
        "dct:description": [
            {"@language": "ja", "@value": "日本の地方公共団体と海外の地方政府との姉妹(友好)都市提携。自治体国際化協会の"
                                          "定義(三つの条件)を満たさない提携は counted=false。"},
            {"@language": "en", "@value": "Affiliations of Japanese local governments with foreign local "
                                          "governments; those not meeting CLAIR's three conditions have "
                                          "counted=false."}],
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": [
            {"@language": "ja", "@value": PUBLISHER["name_ja"]}, {"@language": "en", "@value": PUBLISHER["name_en"]}],
            "foaf:homepage": {"@id": PUBLISHER["url"]}},
        "dct:license": {"@id": LICENSE},
        "dct:modified": {"@value": modified, "@type": "xsd:date"},
        "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/JPN"},
                         {"@id": "http://publications.europa.eu/resource/authority/language/ENG"}],
        "dct:spatial": {"@id": "http://publications.europa.eu/resource/authority/country/JPN"},
        "dcat:keyword": ["姉妹都市", "sister cities", "twin towns", "地方公共団体"],
        "dcat:landingPage": {"@id": url(reverse("exchange:open_data"))},
        "dcat:distribution": [
            distribution("CSV", reverse("exchange:csv"), "text/csv", "CSV"),
            distribution("JSON", reverse("exchange:json"), "application/json", "JSON"),
        ],
    }
