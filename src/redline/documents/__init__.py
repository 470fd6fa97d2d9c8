"""Documents with audiences per section, an information-hazard review before release, and claims (issue 16).

The rules are :mod:`redline.core.documents`; this app stores documents, their append-only
versions and reviews, and shows them through :func:`redline.documents.services.rendered_for` on
every surface. See docs/documents.md.
"""
