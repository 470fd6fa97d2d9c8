"""What commitments announce to the apps above them (which subscribe in their ``AppConfig.ready``).

``version_in_force`` is sent, inside the transaction, when a version comes into force, with
``version=`` the :class:`~redline.commitments.models.CommitmentVersion`. The evidence app
recomputes the stored verdicts of a red line then; a lower app never calls a higher one.
"""

from django.dispatch import Signal

version_in_force = Signal()
