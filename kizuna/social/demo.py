def seed_social_demo() -> dict:
    return {}
