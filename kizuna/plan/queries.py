def home_summary(user) -> dict:
    return {}
