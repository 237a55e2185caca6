"""The certificate of completion: one PDF, a page in Japanese (with the 令和 date) and a page in English."""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.fiscal import reiwa_date

from .enums import EnrolmentStatus
from .models import Enrolment


def certificate_pdf(enrolment: Enrolment) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when it is needed

    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise ValidationError(_("Certificates are for completed courses."), code="not_completed")
    completed = timezone.localtime(enrolment.completed_at).date()
    html = render_to_string("learning/certificate.html", {
        "e": enrolment, "course": enrolment.course, "participant": enrolment.participant,
        "completed_ja": reiwa_date(completed), "completed_en": completed.strftime("%-d %B %Y"),
        "number": f"L{enrolment.course_id:04d}-{enrolment.pk:06d}"})
    return HTML(string=html).write_pdf()
