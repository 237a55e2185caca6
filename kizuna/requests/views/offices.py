"""An office's own settings that staff keep: its working hours, days and public holidays."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core.permissions import permission_required

from .. import services
from ..forms import OfficeHoursForm
from ..models import OfficeHours
from ._common import add_errors, form_page, office_of


@permission_required("requests.edit_office_hours", get_object=office_of)
def office_hours(request, office_pk, obj):
    current = OfficeHours.objects.filter(office=obj).first() or OfficeHours(weekdays=[0, 1, 2, 3, 4])
    form = OfficeHoursForm(request.POST or None, initial={
        "opens": current.opens, "closes": current.closes, "weekdays": current.weekdays,
        "holiday_country": current.holiday_country})
    queue_url = reverse("requests:queue", args=[obj.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.set_office_hours(by=request.user, office=obj, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The office hours were saved; the deadlines follow them."))
            return redirect(queue_url)
    return form_page(request, form=form, title=_("Office hours of %(office)s") % {"office": obj}, back=queue_url,
                     intro=_("Deadlines are counted in these hours (%(zone)s), on these days, except on the public "
                             "holidays of the country given. Changing them moves the deadlines of open requests.")
                     % {"zone": obj.timezone})
