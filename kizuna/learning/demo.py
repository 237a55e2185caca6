"""Demo records of JET learning (filled in below)."""


def seed_learning_demo() -> dict:
    return {"courses": 0}
