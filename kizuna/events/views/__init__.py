from . import after, booths, guests, mailing, onday, registering, staff
from .after import attendance_import, certificate, lottery, survey, survey_summary, verify
from .finding import event_detail, event_ics, event_list, feed_ics, open_data_csv
from .onday import check_in, roster
from .registering import (
    my_registrations,
    register,
    register_colleagues,
    registration_accept,
    registration_approve,
    registration_cancel,
    registration_decline,
    registration_detail,
    registration_qr,
)

__all__ = ["after", "booths", "guests", "mailing", "onday", "registering", "staff",
           "attendance_import", "certificate", "lottery", "register_colleagues",
           "survey", "survey_summary",
           "verify", "check_in", "event_detail", "event_ics", "event_list", "feed_ics", "my_registrations",
           "open_data_csv",
           "register", "registration_accept", "registration_approve", "registration_cancel", "registration_decline",
           "registration_detail", "registration_qr", "roster"]
