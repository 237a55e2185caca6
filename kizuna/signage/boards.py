"""The pointing boards (指さしボード) and the evacuee registration card (避難者登録カード): which bank messages
they are made of. Each is printed in the chosen languages like a sign."""

from .enums import PRESETS

BOARDS = {
    "staff": ("board-are-you-hurt", "board-need-doctor", "board-allergy-question", "board-language-question",
              "board-family-question", "board-write-name", "board-follow-me", "board-wait-here",
              "board-medicine-question", "board-pray-food-question", "board-contact-embassy", "board-safe-here"),
    "evacuee": ("board-i-am-hurt", "board-i-need-doctor", "board-i-have-allergy", "board-i-need-water",
                "board-i-am-hungry", "board-i-need-toilet", "board-looking-for-family", "board-need-interpreter",
                "board-need-medicine", "board-i-am-pregnant", "board-no-pork", "board-thank-you"),
}
CARD_FIELDS = ("card-title", "card-name", "card-nationality", "card-address", "card-phone", "card-language",
               "card-family", "card-allergy", "card-medical", "card-emergency-contact", "card-consent")
DEFAULT_LANGUAGES = PRESETS["standard"]

# The "which language do you speak?" board: this message in every language of the bank, each beside the
# language's own name, for a person to point at theirs.
LANGUAGE_QUESTION = "board-language-question"
