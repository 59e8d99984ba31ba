import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
application = get_wsgi_application()

# What the first click on a PDF or import button would otherwise import in the middle of the request.
from insourcing.outbox import prepare_publishing  # noqa: E402  (needs Django set up)

prepare_publishing()
