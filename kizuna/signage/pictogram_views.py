"""Pages of the pictogram library: the public gallery (each symbol downloadable as SVG) and pictogram-only
sheets, picked and printed as PDF."""

from django.http import Http404
from django.shortcuts import render

from kizuna.core.downloads import file_response, pdf_response
from kizuna.core.permissions import public

from . import services
from .enums import PageSize, SheetKind
from .forms import PictogramSheetForm
from .pdf import pictogram_sheet_pdf
from .pictograms import LIBRARY, by_kind, svg_file


@public("signage.build_sign")
def gallery(request):
    """Every pictogram of the library by kind, with its names and its SVG file."""
    return render(request, "signage/pictograms.html", {"kinds": by_kind(), "count": len(LIBRARY)})


@public("signage.build_sign")
def pictogram_svg(request, key):
    if key not in LIBRARY:
        raise Http404
    return file_response(svg_file(key), "image/svg+xml; charset=utf-8", f"kizuna-pictogram-{key}.svg")


@public("signage.build_sign")
def pictogram_sheet(request):
    """Pick pictograms and print them: one large per page, or several on a page, with their names or alone."""
    bound = bool(request.GET)  # "Show" with nothing picked is told to pick
    form = PictogramSheetForm(request.GET if bound else None, initial={"names": ["ja", "en"], "layout": "page"})
    chosen = []
    if bound and form.is_valid():
        d = form.cleaned_data
        chosen = [LIBRARY[key] for key in d["p"]]
        if request.GET.get("format") == "pdf":
            size = d.get("size") or PageSize.A4
            pdf, pages = pictogram_sheet_pdf(chosen, names=d["names"], layout=d.get("layout") or "page",
                                             size=size, orientation=d.get("orientation") or "portrait")
            services.record_sheets(kind=SheetKind.PICTOGRAMS, languages=d["names"], size=size, user=request.user,
                                   sheets=pages)
            return pdf_response(pdf, "kizuna-pictograms.pdf", inline=True)
    picked = set(request.GET.getlist("p"))
    return render(request, "signage/pictogram_sheet.html", {
        "form": form, "kinds": by_kind(), "picked": picked, "chosen": chosen,
        "query": request.GET.urlencode() if chosen else ""},
        status=400 if form.is_bound and form.errors else 200)
