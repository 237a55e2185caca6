"""Lists staff keep as JSON on a parent (an event's registration questions, a booth's checklist): each item has
a stable key, so that what was already answered or ticked stays attached to it when the list is edited."""

import re

from django.core.exceptions import ValidationError


def key_from(hint: str, taken: set[str], prefix: str) -> str:
    """A new key: from the item's English (ASCII) wording when there is one, else the prefix; never one taken."""
    base = re.sub(r"[^a-z0-9]+", "_", hint.lower()).strip("_")[:24] or prefix
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


def keep_keys(items: list[dict], known: set[str], *, prefix: str, hint: str, missing: ValidationError,
              conflict: ValidationError) -> list[tuple[str, str, dict]]:
    """(key, label, item) for each item in order. An item keeps its key when it has one (it must be one of
    `known`, and only once: else `conflict`, the list changed meanwhile); a new one gets a fresh key. An item
    without a label is refused with `missing`."""
    out, taken = [], set()
    for item in items:
        label = str(item.get("label", "")).strip()
        if not label:
            raise missing
        key = item.get("key") or ""
        if key and (key not in known or key in taken):
            raise conflict
        key = key or key_from(str(item.get(hint) or ""), taken | known, prefix)
        taken.add(key)
        out.append((key, label[:200], item))
    return out
