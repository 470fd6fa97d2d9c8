"""The Django project: settings, root URLs, the WSGI entry point, the API object and site-wide pages.

It sits at the top of the apps: it may import any of them, and none imports it.
"""
