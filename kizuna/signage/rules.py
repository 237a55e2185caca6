"""Who may do what with signs and the phrase bank.

- Everybody, anonymous included, searches the bank and builds, previews and downloads signs.
- Translators propose translations: any working member (administrator or staff) of a local government, a
  regional international association or CLAIR.
- Reviewers approve or reject proposals: CLAIR staff. Approving is not a native-speaker review; a reviewer who
  is a native speaker says so on the approval, and only then is the translation marked reviewed.
- Shelter packs and a municipality's own messages: working members of a local government, an association or
  CLAIR; own messages are shared with the colleagues of the same organisation only, who may also change and
  delete them (everybody else gets 404, as for a missing message).
"""

import rules

from kizuna.core.rules import everyone, is_clair_staff, is_local_government_staff, is_working_member

is_translator = is_clair_staff | is_local_government_staff


@rules.predicate
def is_colleague(user, message) -> bool:
    """The message is the bank's, or its organisation's working members include the person."""
    if message is None:
        return True
    return message.organisation_id is None or is_working_member(user, message.organisation)


@rules.predicate
def is_own_message_colleague(user, message) -> bool:
    """The message is an organisation's own, and the person acts for that organisation."""
    return (message is not None and message.organisation_id is not None
            and is_working_member(user, message.organisation))


rules.add_perm("signage.view_bank", everyone)
rules.add_perm("signage.build_sign", everyone)
rules.add_perm("signage.propose_translation", is_translator & is_colleague)
rules.add_perm("signage.review_translation", is_clair_staff)
rules.add_perm("signage.make_pack", is_translator)
rules.add_perm("signage.add_message", is_translator)
rules.add_perm("signage.change_message", is_translator & is_own_message_colleague)
rules.add_perm("signage.delete_message", is_translator & is_own_message_colleague)
