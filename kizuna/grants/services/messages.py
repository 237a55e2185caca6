"""The thread of an application (kizuna/core/threads): the applicant's side and headquarters write to each other;
headquarters also write internal notes, which the applicant never reads and which mail nobody."""

from kizuna.core.enums import WORKING_ROLES, OrgKind
from kizuna.core.models import Organisation, User
from kizuna.core.threads import services as threads
from kizuna.core.threads.services import Thread, working_people

from ..models import Application, ApplicationMessage


def applicant_people(application: Application) -> list:
    """The applicant's side: the applying person, or the applying organisation's working people (as the letters
    are sent), and the JET participant a claim is for."""
    people = [application.person] if application.person_id else working_people(application.applicant)
    if application.beneficiary_id and application.beneficiary.person_id:
        people.append(application.beneficiary.person)
    return people


def responsible_staff(application: Application) -> list:
    """Headquarters' people who already wrote on the application's thread; before anyone did, headquarters'
    working people (the grants division reads its mail there)."""
    wrote = list(User.objects.filter(
        pk__in=ApplicationMessage.objects.filter(application=application).values("author"),
        memberships__organisation__kind=OrgKind.HEADQUARTERS, memberships__ended_at__isnull=True,
        memberships__role__in=WORKING_ROLES, is_active=True).distinct().order_by("email"))
    return wrote or working_people(*Organisation.objects.filter(kind=OrgKind.HEADQUARTERS, is_active=True))


THREAD = Thread(
    model=ApplicationMessage, on="application", action="grants.applicationmessage.post",
    reply="grants.write_message", note="grants.note_application", mail="grants/mail/message",
    parties=applicant_people, staff=responsible_staff,
    context=lambda application, message: {"application": application})


def post_application_message(*, by, application: Application, body: str,
                             internal: bool = False) -> ApplicationMessage:
    """A message on the application (the other side is told by mail, in each person's language), or for
    headquarters an internal note (read by CLAIR staff only, mailed to nobody). An empty or overlong message is
    refused beside the field."""
    return threads.post_message(THREAD, by=by, record=application, body=body, internal=internal)


def is_staff_side(user, application: Application) -> bool:
    return THREAD.is_staff(user, application)
