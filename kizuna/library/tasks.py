"""Background work of the library: reading an uploaded file's text (thin tasks taking ids)."""

from django_tasks import task

from . import services
from .models import EditionFile


@task()
def extract_text_task(*, file_id: int) -> str:
    item = EditionFile.objects.select_related("edition__work").filter(pk=file_id).first()
    if item is None:  # removed before the worker came to it
        return "gone"
    return services.extract_file_text(item).extraction
