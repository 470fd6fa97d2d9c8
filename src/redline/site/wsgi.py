"""WSGI entry point for gunicorn (``redline.site.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redline.site.settings")
application = get_wsgi_application()
