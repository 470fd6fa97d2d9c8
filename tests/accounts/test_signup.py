"""Sign-up queues the welcome e-mail on the database task backend; the worker sends it."""

from __future__ import annotations

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def _queued():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.all())


@pytest.mark.django_db(transaction=True)  # the e-mail is queued on commit and the worker runs for real
def test_sign_up_service_queues_welcome_email_and_worker_sends_it(run_worker):
    from redline.accounts.services import sign_up

    user = sign_up("New.Person@Example.org", "a-long-enough-passphrase", "New Person")
    assert user.email == "New.Person@example.org"
    queued = _queued()
    assert len(queued) == 1
    assert queued[0].task_path == "redline.accounts.tasks.send_welcome_email"
    assert queued[0].status == "READY"
    assert mail.outbox == []

    run_worker()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].subject == "Welcome to redline"
    result = _queued()[0]
    assert result.status == "SUCCESSFUL"
    assert result.return_value == user.email


def test_sign_up_form_signs_in_and_queues_the_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/accounts/signup/", {"email": "form@example.org", "display_name": "Form",
                                                     "password": "a-long-enough-passphrase"})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    assert len(callbacks) == 1
    queued = _queued()
    assert [t.task_path for t in queued] == ["redline.accounts.tasks.send_welcome_email"]
    from redline.accounts.models import User

    assert queued[0].args_kwargs["args"] == [User.objects.get(email="form@example.org").pk]
    assert mail.outbox == []  # sent by the worker, never in the request


def test_duplicate_sign_up_is_refused_naming_the_email_field(client, django_capture_on_commit_callbacks):
    from redline.accounts.services import sign_up
    from redline.core.errors import InvalidInput

    with django_capture_on_commit_callbacks(execute=True):
        sign_up("dup@example.org", "a-long-enough-passphrase")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput, match="^email: "):
        sign_up("DUP@example.org", "a-long-enough-passphrase")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", {"email": "dup@example.org",
                                                     "password": "another-passphrase-1"})
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert len(_queued()) == 1


@pytest.mark.parametrize("password,problem", [("short", "too short"), ("password123", "too common"),
                                              ("12345678901234", "entirely numeric")])
def test_sign_up_form_refuses_weak_passwords(client, password, problem):
    response = client.post("/accounts/signup/", {"email": "weak@example.org", "password": password})
    assert response.status_code == 400
    assert problem in " ".join(response.context["form"].errors["password"])
    assert _queued() == []


@pytest.mark.parametrize("target,expected", [("/models/", "/models/"), ("https://evil.example/", "/dashboard/"),
                                             ("//evil.example/x", "/dashboard/")])
def test_sign_up_next_parameter_stays_on_this_site(client, target, expected):
    response = client.post(f"/accounts/signup/?next={target}", {"email": "next@example.org",
                                                                "password": "a-long-enough-passphrase"})
    assert response.status_code == 302
    assert response["Location"] == expected
