"""Documents of an application: upload (checked by content, ≤ 20 MB) and download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kizuna.core.permissions import permission_required

from .. import services
from ..forms import AttachmentForm, ReportFileForm
from ..services.applying import missing_documents
from ._common import add_errors, application_of, form_page


@permission_required("grants.change_application", get_object=application_of)
def upload(request, pk, obj):
    scheme = obj.call.scheme
    form = AttachmentForm(request.POST or None, request.FILES or None, questions=obj.call.questions.all(),
                          document_types=scheme.document_types, initial={"question": request.GET.get("type")})
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_file(by=request.user, application=obj, upload=form.cleaned_data["file"],
                                 **form.target())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The document was attached."))
            return redirect(obj)
    missing = set(missing_documents(obj))
    return render(request, "grants/upload.html", {
        "application": obj, "form": form,
        "required": [(d, d not in missing) for d in scheme.required_documents],
        "other": [d for d in scheme.document_types if d not in scheme.required_documents],
    }, status=400 if form.is_bound and form.errors else 200)


@permission_required("grants.report_application", get_object=application_of)
def report_upload(request, pk, obj):
    form = ReportFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_report_file(by=request.user, application=obj, upload=form.cleaned_data["file"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The document was added to the performance report."))
            return redirect(obj)
    return form_page(request, form=form, title=_("Add a document to the performance report"),
                     back=obj.get_absolute_url(), intro=str(obj), multipart=True)


@permission_required("grants.view_application", get_object=application_of)
def download(request, pk, file_pk, obj):
    attachment = get_object_or_404(obj.attachments.visible_to(request.user), pk=file_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)
