"""A state's tag (`kizuna_ui.status_tag`): written once per state and language, in the page's language."""

from django.utils import translation

from kizuna.core.templatetags.kizuna_ui import status_tag
from kizuna.core.ui import tone_of
from kizuna.jet.enums import Status
from kizuna.jet.models import Participant


def _asked(participant, language) -> tuple[str, str]:
    with translation.override(language):
        return str(status_tag(participant)), str(participant.get_status_display())


def test_a_state_tag_speaks_the_pages_language_each_time_it_is_asked():
    participant = Participant(status=Status.IN_POST)
    tone = tone_of(Status.IN_POST, "jet.Participant")
    (ja, ja_label), (en, en_label), (ja_again, _) = (_asked(participant, lang) for lang in ("ja", "en", "ja"))
    assert ja_label != en_label
    assert ja == ja_again == f'<span class="tag tag--{tone}" data-state="in_post">{ja_label}</span>'
    assert en == f'<span class="tag tag--{tone}" data-state="in_post">{en_label}</span>'
