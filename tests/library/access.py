"""The library's rows of the URL × role access table (merged by tests/access.py).

The sample published work (a CLAIR Report of the New York office, released) is read by everyone, anonymous
included, with its files and records. The sample draft (the New York office's) is edited and sent for review by
CLAIR staff (the office holds it; headquarters and branches edit what is in preparation); headquarters review.
Local governments and associations (the proposers) have a workspace for the portal's items."""

from tests.access_roles import ALL, CLAIR, HQ

PROPOSERS = frozenset({"municipality_staff", "municipality_admin", "association_staff", "other_municipality_staff",
                       "prefecture_staff"})

PERMISSION_ROLES = {
    "library.view_library": ALL,
    "library.view_work": ALL,
    "library.download_file": ALL,
    "library.view_workspace": CLAIR | PROPOSERS,
    "library.edit_work": CLAIR,
    "library.submit_work": CLAIR,
    "library.review_work": HQ,
    "library.correct_work": CLAIR,
    "library.import_works": HQ,
}


def _published(w):
    from kizuna.library.models import Work
    from tests.library.conftest import report

    return Work.objects.filter(kind="clair_report", number=512).first() or report(w)


def _draft(w):
    from kizuna.library.models import Work
    from tests.library.conftest import report

    return Work.objects.filter(kind="clair_report", number=600).first() or report(
        w, number=600, title="カナダの観光振興（草稿）", english="", publish=False)


def _file_of(work):
    return work.editions.order_by("pk").first().files.filter(is_current=True).first()


SAMPLES = {
    "library:work": lambda w, role: {"pk": _published(w).pk},
    "library:download": lambda w, role: {"pk": _file_of(_published(w)).pk},
    "library:edit": lambda w, role: {"pk": _draft(w).pk},
    "library:edition": lambda w, role: {"pk": _draft(w).pk, "language": "ja"},
    "library:add_file": lambda w, role: {"pk": _draft(w).pk},
    "library:submit": lambda w, role: {"pk": _draft(w).pk},
    "library:review": lambda w, role: {"pk": _draft(w).pk, "action": "publish"},
    "library:remove_file": lambda w, role: {"pk": _file_of(_draft(w)).pk},
    "library:correct_file": lambda w, role: {"pk": _file_of(_published(w)).pk},
    "api:library_work": lambda w, role: {"work_id": _published(w).pk},
}


def _mixed(w):
    """A released work, a draft, an embargoed work, a withdrawn one, a guide with sections, a portal draft of
    Chiyoda, and a month of usage."""
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.library import services
    from kizuna.library.enums import Kind
    from tests.library.conftest import report

    published = _published(w)
    _draft(w)
    report(w, number=601, title="禁止期間中のレポート", english="",
           embargo_until=timezone.localdate() + timedelta(days=30))
    gone = report(w, number=602, title="取り下げたレポート", english="")
    services.withdraw(by=w.people["hq_staff"], work=gone, notice="誤りがあったため")
    hq = w.people["hq_staff"]
    guide = services.create_work(by=hq, kind=Kind.GUIDE, publisher=w.hq)
    edition = services.save_edition(by=hq, work=guide, language="ja", title="多言語支援の手引き")
    services.set_sections(by=hq, edition=edition, outline="# 1 はじめに\n本文")
    services.create_work(by=w.people["municipality_staff"], kind=Kind.GOOD_PRACTICE, publisher=w.chiyoda,
                         field="education", contact="千代田区", outcomes="")
    services.count_use(published, download=True)


MIXED = [_mixed]
