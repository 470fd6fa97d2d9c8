"""What the evidence app announces to the apps above it (which subscribe in their ``AppConfig.ready``).

``evaluations_stored`` is sent, inside the import's transaction, after any importer (Inspect,
lm-evaluation-harness, garak, campaign) stored evidence, with ``model=`` the
:class:`~redline.registry.models.AIModel` they are filed under and ``evaluations=`` the new
:class:`~redline.evidence.models.Evaluation` rows (empty for a campaign). The forecasts app resolves the questions they
answer; the evidence app never imports it.
"""

from django.dispatch import Signal

evaluations_stored = Signal()
