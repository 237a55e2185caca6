"""The bar chart of Kizuna's pages, drawn by core/_bars.html with the table behind it: one definition of a bar."""

from collections.abc import Iterable
from decimal import Decimal


def bars(rows: Iterable[tuple[str, int | Decimal]]) -> list[dict]:
    """(label, n) rows as core/_bars.html draws them: each label, its figure, and the bar's width, the figure's
    share (%) of the largest, to one decimal."""
    rows = list(rows)
    top = max((n for _label, n in rows), default=0) or 1
    return [{"label": label, "n": n, "pct": round(100 * float(n) / float(top), 1)} for label, n in rows]
