"""The window of dates Kizuna accepts as input: 1 January 2000 to 31 December 2100.

Every date and time typed into a form or sent to the API must fall in it (kizuna.core.forms.BoundedDateField and
BoundedDateTimeField, kizuna.core.schemas.BoundedDate and BoundedDateTime). Year 1 or 9999 is a typing mistake,
never a plan, and it breaks what comes after: a dispatch ending 9999-12-31 could not be confirmed (the day after
it does not exist). The window is fixed, not relative to today, so that a form accepts tomorrow what it accepts
today: nothing CLAIR records predates 2000 (its programmes' records start in the 2000s; the plan is FY2026), and
nothing it plans runs past 2100.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def validate_in_window(value: date | datetime) -> None:
    """Refuse a date, or a date and time, outside the window (a date and time by its own calendar day)."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(_("Enter a date between %(earliest)s and %(latest)s."), code="date_window",
                              params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()})


# Records of the past that predate Kizuna's window: the first sister-city affiliation was signed in 1955. Such a
# date is refused before 1 January 1900 or after the window's end.
HISTORY_EARLIEST = date(1900, 1, 1)


def validate_historic(value: date | datetime) -> None:
    """Refuse a date of record (an affiliation signed in 1955) before 1900 or after the window."""
    day = value.date() if isinstance(value, datetime) else value
    if not HISTORY_EARLIEST <= day <= LATEST:
        raise ValidationError(_("Enter a date between %(earliest)s and %(latest)s."), code="date_window",
                              params={"earliest": HISTORY_EARLIEST.isoformat(), "latest": LATEST.isoformat()})
