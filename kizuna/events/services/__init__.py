from . import effects, labels, mailing  # noqa: F401 - the tables' guards and mail effects; the actions in words
from .checkin import CheckIn, check_in
from .events import create_event
from .lottery import replay_draw, run_draw
from .registering import (
    accept_offer,
    approve_registration,
    cancel_registration,
    change_answers,
    decline_registration,
    expire_offers,
    promote_waiting,
    register,
    register_colleagues,
)

__all__ = ["CheckIn", "accept_offer", "approve_registration", "cancel_registration", "change_answers",
           "check_in", "create_event",
           "decline_registration", "expire_offers", "promote_waiting", "register", "register_colleagues",
           "replay_draw", "run_draw"]
