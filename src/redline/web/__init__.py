"""The Django project: settings, root URLs, WSGI entry point and shared templates."""
