"""The one error hierarchy: structured bad input, and every error class under RedlineError."""

import pytest

from redline.core import errors
from redline.core.errors import ImportFailed, InvalidInput, RedlineError


def test_invalid_input_keeps_field_and_message_apart():
    exc = InvalidInput("email", "an account with a: b already exists")
    assert (exc.field, exc.message) == ("email", "an account with a: b already exists")
    assert str(exc) == "email: an account with a: b already exists"


def test_invalid_input_without_a_field():
    exc = ImportFailed("the file is empty")
    assert exc.field is None and str(exc) == "the file is empty" and exc.exit_code == 2


def test_a_path_as_field_is_its_text(tmp_path):
    assert InvalidInput(tmp_path / "x.json", "no such file").field == str(tmp_path / "x.json")


@pytest.mark.parametrize("name", ["InvalidInput", "ImportFailed", "ModelError", "IllegalTransition",
                                  "PermissionDenied", "TokenRefused", "RateLimited", "AppendOnlyError",
                                  "VerificationFailed", "EmbargoTooLong", "EmbargoBinds", "DisputeRefused"])
def test_every_error_is_a_redline_error_and_in_the_docstring(name):
    assert issubclass(getattr(errors, name), RedlineError)
    assert name in errors.__doc__


def test_the_core_does_not_shadow_djangos_integrity_error():
    assert not hasattr(errors, "IntegrityError")
