"""The helpers of long lists' rows (docs/platform-patterns.md): a state's tag (`status_tag`), written once per state
and language, in the page's language; `esc`, Django's escaping without its wrapper."""

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from kizuna.core.templatetags.kizuna_ui import esc, status_tag
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


def test_esc_escapes_what_django_escapes_marked_safe_or_lazy_or_not():
    for value in ['<script>alert("x")</script>', "O'Neil & Sons", mark_safe("<b>already safe</b>"), 12,
                  gettext_lazy("Not answered"), "", "東京都 <千代田区>"]:
        assert esc(value) == escape(value)
