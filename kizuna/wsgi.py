import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kizuna.settings")
application = get_wsgi_application()

from kizuna.core import search  # noqa: E402  (the apps are loaded now)

# What is loaded now (Django, the apps, their modules) lives as long as the process: out of the garbage
# collector's generations, it is not walked by every full collection again; nor are the search indexes, once
# built (`search.name_index`).
gc.freeze()
search.FREEZE_BUILT_INDEXES = True
