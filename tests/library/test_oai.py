"""OAI-PMH, checked with an OAI-PMH client library (Sickle) against the running server: Identify, the sets and
formats, a whole harvest across resumption tokens, selective harvesting, GetRecord, deleted records and the
protocol's errors."""

from datetime import timedelta

import pytest
from django.utils import timezone
from sickle import Sickle
from sickle.oaiexceptions import (
    BadArgument,
    BadResumptionToken,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoRecordsMatch,
)

from kizuna.library import oai, services
from kizuna.library.enums import Kind
from kizuna.library.models import Theme


def _case(world, title):
    hq = world.people["hq_staff"]
    work = services.create_work(by=hq, kind=Kind.CASE_STUDY, publisher=world.hq, countries=["FR"])
    services.save_edition(by=hq, work=work, language="en", title=title, abstract=f"About {title}.", body="Text.")
    services.submit(by=hq, work=work)
    return services.publish(by=hq, work=work)


@pytest.fixture
def harvester(world, live_server, monkeypatch):
    monkeypatch.setattr(oai, "PAGE", 2)  # five records: three pages
    # a transactional test empties the tables the migrations filled: the vocabulary is put back
    Theme.objects.get_or_create(slug="disaster", defaults={"name": "防災", "name_en": "Disaster"})
    works = [_case(world, f"Practice {n}") for n in range(5)]
    services.withdraw(by=world.people["hq_staff"], work=works[4], notice="Duplicate.")
    draft = services.create_work(by=world.people["hq_staff"], kind=Kind.CASE_STUDY, publisher=world.hq)
    return Sickle(f"{live_server.url}/library/oai"), works, draft


def test_identify_sets_and_formats(harvester):
    sickle, _works, _draft = harvester
    identify = sickle.Identify()
    assert (identify.protocolVersion, identify.deletedRecord, identify.granularity) == (
        "2.0", "transient", "YYYY-MM-DDThh:mm:ssZ")
    assert [f.metadataPrefix for f in sickle.ListMetadataFormats()] == ["oai_dc"]
    assert {"kind:case_study", "theme:disaster"} <= {s.setSpec for s in sickle.ListSets()}


def test_a_whole_harvest_walks_the_resumption_tokens(harvester):
    sickle, works, draft = harvester
    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    assert [r.header.identifier for r in records] == [w.oai_identifier for w in works]
    assert [r.deleted for r in records] == [False, False, False, False, True]
    assert records[0].metadata["title"] == ["Practice 0"] and records[0].metadata["coverage"] == ["FR"]
    assert draft.oai_identifier not in {r.header.identifier for r in records}
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="kind:case_study"))
    assert len(headers) == 5


def test_selective_harvest_and_get_record(harvester):
    sickle, works, draft = harvester
    tomorrow = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d")
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": tomorrow}))
    record = sickle.GetRecord(identifier=works[1].oai_identifier, metadataPrefix="oai_dc")
    assert record.metadata["title"] == ["Practice 1"]
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier=draft.oai_identifier, metadataPrefix="oai_dc")


def test_protocol_errors(harvester):
    sickle, works, _draft = harvester
    with pytest.raises(CannotDisseminateFormat):
        sickle.GetRecord(identifier=works[0].oai_identifier, metadataPrefix="marc21")
    with pytest.raises(BadArgument):
        list(sickle.ListRecords(metadataPrefix="oai_dc", set="kind:nothing"))
    assert 'code="badVerb"' in sickle.harvest(verb="Harvest").raw
    with pytest.raises(BadResumptionToken):
        list(sickle.ListRecords(resumptionToken="forged"))
