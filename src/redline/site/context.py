"""Template context shared by every page."""

from django.conf import settings

from redline import __version__


def site(request):
    """Expose the version and site URL to templates."""
    return {"redline_version": __version__, "site_url": settings.SITE_URL}
