"""The events app's audit actions in words, for the history pages (transitions are named by their tables)."""

from django.utils.translation import gettext_lazy as _

from kizuna.core.history import register_action_labels

register_action_labels({
    "events.registration.register": _("Registered"),
    "events.registration.choose_sessions": _("Chose sessions"),
    "events.registration.change_answers": _("Changed the answers"),
    "events.eventmail.create": _("Wrote a mail to the registrants"),
    "events.lead.capture": _("Scanned a visitor at the booth"),
    "events.lead.update": _("Updated a lead"),
    "events.eventmail.update": _("Changed a mail to the registrants"),
    "events.guest.create_person": _("Person added by registering without an account"),
    "events.registration.check_in": _("Checked in"),
    "events.registration.import_attendance": _("Attendance imported from a file"),
    "events.event.take_seat": _("A seat was taken"),
    "events.event.free_seat": _("A seat was freed"),
    "events.session.take_seat": _("A seat was taken"),
    "events.session.free_seat": _("A seat was freed"),
    "events.event.set_questions": _("Set the questions for registrants"),
    "events.event.invite": _("Invited people"),
    "events.event.uninvite": _("Took someone off the invitation list"),
    "events.event.co_organise": _("Changed the co-organisers"),
    "events.event.copy": _("Copied from another date of the series"),
    "events.answer_file.add": _("Gave a file in answer to a question"),
    "events.material.add": _("Added a material"),
    "events.material.remove": _("Removed a material"),
    "events.event.admin_invite": _("Changed the invited people (admin)"),
    "events.booth.take_slot": _("A slot was taken"),
    "events.booth.free_slot": _("A slot was freed"),
    "events.exhibitor.apply": _("Applied for a slot"),
    "events.exhibitor.tick_checklist": _("Ticked the checklist"),
    "events.surveyresponse.answer": _("Answered the survey"),
    "events.certificate.issue": _("Issued the certificate"),
    "events.draw.run": _("Ran the draw"),
})
