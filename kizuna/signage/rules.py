"""Who may do what with signs and the phrase bank: the policies of categories, purposes, messages, translations
and shelter packs.

- Everybody, anonymous included, searches the bank and builds, previews and downloads signs; the bank's
  categories, purposes, messages and their translations (with their provenance) are public.
- An organisation's own messages, and their translations, are seen by the organisation's working members
  (administrators and staff) only; they may also change and delete them. Everybody else, superusers included
  (they act for no organisation), gets 404, as for a missing message.
- Translators propose translations: working members of a local government, a regional international
  association or CLAIR; on an own message, only its organisation's translators.
- Reviewers approve or reject proposals for the bank: CLAIR staff. (An own message's texts are its colleagues'
  and are used at once; CLAIR does not see them.) Approving is not a native-speaker review; a reviewer who is a
  native speaker says so on the approval, and only then is the translation marked reviewed.
- Shelter packs are made by translators and seen by the person who requested them, while they still act for
  the organisation the pack was made for (a pack holds that organisation's own messages).
"""

from kizuna.core.policies import ANYONE, Field, IsUser, Policy, Through, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, LOCAL_GOVERNMENT_STAFF

TRANSLATOR = CLAIR_STAFF | LOCAL_GOVERNMENT_STAFF

BANK = Field("organisation", None)  # a message of the phrase bank, not an organisation's own
OWN = WorksFor("organisation")  # an own message of an organisation the person acts for
VIEW_MESSAGE = BANK | OWN


class CategoryPolicy(Policy):
    """The bank's categories are public."""

    model = "signage.Category"
    view = "signage.view_category"
    actions = {"signage.view_category": ANYONE}


class PurposePolicy(Policy):
    """The bank's purposes are public."""

    model = "signage.Purpose"
    view = "signage.view_purpose"
    actions = {"signage.view_purpose": ANYONE}


class MessagePolicy(Policy):
    model = "signage.Message"
    view = "signage.view_message"
    actions = {
        "signage.view_message": VIEW_MESSAGE,
        "signage.view_bank": ANYONE,
        "signage.build_sign": ANYONE,
        "signage.propose_translation": TRANSLATOR & VIEW_MESSAGE,
        "signage.add_message": TRANSLATOR,
        "signage.change_message": TRANSLATOR & OWN,
        "signage.delete_message": TRANSLATOR & OWN,
    }


class TranslationPolicy(Policy):
    """A translation is seen by whoever sees its message; proposals for the bank are reviewed by CLAIR staff."""

    model = "signage.Translation"
    view = "signage.view_translation"
    actions = {
        "signage.view_translation": Through("message", VIEW_MESSAGE),
        "signage.review_translation": CLAIR_STAFF & Through("message", BANK),
    }


class PackPolicy(Policy):
    model = "signage.Pack"
    view = "signage.view_pack"
    actions = {
        "signage.view_pack": IsUser("requested_by") & (Field("organisation", None) | WorksFor("organisation")),
        "signage.make_pack": TRANSLATOR,
    }


class SheetMadePolicy(Policy):
    """The record of sheets made (the plan's count) is CLAIR's: it shows which organisations print what."""

    model = "signage.SheetMade"
    view = "signage.view_sheets_made"
    actions = {"signage.view_sheets_made": CLAIR_STAFF}


for _policy in (CategoryPolicy(), PurposePolicy(), MessagePolicy(), TranslationPolicy(), PackPolicy(),
                SheetMadePolicy()):
    register(_policy)
