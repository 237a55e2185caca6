from .offices import OfficeHours
from .requests import Attachment, Message, Pause, Request

__all__ = ["Attachment", "Message", "OfficeHours", "Pause", "Request"]
