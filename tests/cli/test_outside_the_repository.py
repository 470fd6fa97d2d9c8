"""The CLI run from a fresh folder: it says where it looks for data, and `init` prepares everything."""

import os
import stat
import subprocess
import sys

from paths import FIXTURES


def redline(cwd, *args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("REDLINE_", "DJANGO_", "DATABASE_URL"))}
    return subprocess.run([sys.executable, "-m", "redline", *args], cwd=cwd, capture_output=True, text=True,
                          env={**clean, **env}, check=False, timeout=300)


def test_a_command_in_an_empty_folder_says_where_it_looked_and_creates_nothing(tmp_path):
    proc = redline(tmp_path, "ledger", "head")
    assert proc.returncode == 2
    assert f"no redline data directory at {tmp_path / '.redline'}" in proc.stderr
    assert "redline init" in proc.stderr and "REDLINE_DATA_DIR" in proc.stderr
    assert not (tmp_path / ".redline").exists()


def test_init_keeps_a_secret_key_and_then_an_import_works(tmp_path):
    proc = redline(tmp_path, "init", "--no-input")
    assert proc.returncode == 0, proc.stderr
    assert str(tmp_path / ".redline") in proc.stdout
    key = tmp_path / ".redline" / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_text().strip()) >= 50
    first = key.read_text()
    assert redline(tmp_path, "init", "--no-input").returncode == 0 and key.read_text() == first  # kept
    card = FIXTURES / "hf-cards" / "sample_simple.md"
    user = redline(tmp_path, "createuser", "admin@example.org", "--staff", REDLINE_USER_PASSWORD="a-long-pass-phrase-42")
    assert user.returncode == 0, user.stderr
    proc = redline(tmp_path, "manage", "shell", "-c",
                   "from redline.accounts.services import create_organisation as c; c('Acme', 'developer', slug='acme')")
    assert proc.returncode == 0, proc.stderr
    proc = redline(tmp_path, "import", "hf-card", str(card), "--model", "acme/simple")
    assert proc.returncode == 0, proc.stderr
    head = redline(tmp_path, "ledger", "head")
    assert head.returncode == 0 and '"length": ' in head.stdout


def test_outputs_say_what_they_mean_never_none(tmp_path):
    """An import whose file gives no sample count says so (it printed "n=None"); a gate with nothing in force
    says that nothing applies instead of an empty table and a raw mode name."""
    assert redline(tmp_path, "init", "--no-input").returncode == 0
    proc = redline(tmp_path, "manage", "shell", "-c",
                   "from redline.accounts.services import create_organisation as c; c('Acme', 'developer', slug='acme')")
    assert proc.returncode == 0, proc.stderr
    assert redline(tmp_path, "import", "hf-card", str(FIXTURES / "hf-cards" / "sample_simple.md"),
                   "--model", "acme/simple").returncode == 0
    proc = redline(tmp_path, "import", "lm-eval", str(FIXTURES / "evidence" / "lm_eval" / "boolq-v1-res.json"),
                   "--model", "acme/simple")
    assert proc.returncode == 0, proc.stderr
    out = " ".join(proc.stdout.split())
    assert "imported boolq / acc: samples not given in the file, estimate 0.5049" in out and "None" not in out
    gate = redline(tmp_path, "gate", "acme/simple", "--mode", "open-weights")
    out = " ".join(gate.stdout.split())
    assert gate.returncode == 0 and "None" not in out and "open_weights" not in out
    assert "no red line, risk threshold or safeguard test in force applies to this model" in out
    assert "nothing stops open weights" in out
