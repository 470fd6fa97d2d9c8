"""Background tasks of the accounts app (run by the database-backed worker)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_welcome_email(user_id: int) -> str:
    """Greet a new user by e-mail; returns the address it was sent to."""
    from redline.accounts.models import User
    from redline.accounts.verification import verification_link

    user = User.objects.get(pk=user_id)
    send_mail(
        subject="Welcome to redline",
        message=(
            f"Hello {user},\n\nYour redline account is ready. Confirm that this address is yours by opening\n\n"
            f"    {verification_link(user)}\n\n(the link works for 7 days). Then sign in at "
            f"{settings.SITE_URL}/accounts/login/ to join or create your organisation, create API tokens and "
            "follow reports.\n\n— redline"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
    return user.email


@task()
def send_verification_email(user_id: int) -> str:
    """Send a fresh link that confirms the user's e-mail address."""
    from redline.accounts.models import User
    from redline.accounts.verification import verification_link

    user = User.objects.get(pk=user_id)
    send_mail(
        subject="Confirm your e-mail address on redline",
        message=(f"Hello {user},\n\nOpen this link to confirm that {user.email} is yours:\n\n"
                 f"    {verification_link(user)}\n\nThe link works for 7 days.\n\n— redline"),
        from_email=None,
        recipient_list=[user.email],
    )
    return user.email


@task()
def send_invitation_email(email: str, org_name: str, role: str, link: str) -> str:
    """Send an invitation link to join an organisation."""
    send_mail(
        subject=f"Invitation to join {org_name} on redline",
        message=f"You have been invited to join {org_name} as {role}.\n\nAccept: {link}\n\nThe link expires in 14 days.",
        from_email=None,
        recipient_list=[email],
    )
    return email
