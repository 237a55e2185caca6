from .acting import accept, answer, decline, endorse, hand_over, message, publish, rate, resume, wait, withdraw
from .lists import detail, download, mine, new, queue, queues, research, research_export
from .offices import office_hours
from .reports import reports_export, reports_page

__all__ = ["accept", "answer", "decline", "detail", "download", "endorse", "hand_over", "message", "mine", "new",
           "office_hours", "publish", "queue", "queues", "rate", "reports_export", "reports_page", "research",
           "research_export", "resume", "wait", "withdraw"]
