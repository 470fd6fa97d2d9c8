"""The migrations describe the models: a model change without its migration would deploy a schema the
code does not expect (and backups, tied to the migrations applied, would not notice)."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # makemigrations --check exits 1 when it would write a migration
        assert not exc.code, f"models changed without a migration:\n{out.getvalue()}"
