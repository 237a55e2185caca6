"""Documents of an application: upload (checked by content, ≤ 20 MB) and download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from kizuna.core.permissions import permission_required

from .. import services
from ..forms import AttachmentForm, ReportFileForm
from ._common import add_errors, application_of, form_page


@permission_required("grants.change_application", get_object=application_of)
def upload(request, pk, obj):
    form = AttachmentForm(request.POST or None, request.FILES or None, questions=obj.call.questions.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_file(by=request.user, application=obj, question_key=form.cleaned_data["question"],
                                 upload=form.cleaned_data["file"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The document was attached."))
            return redirect(obj)
    return form_page(request, form=form, title=_("Attach a document"), back=obj.get_absolute_url(),
                     intro=str(obj), multipart=True)


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
