"""Settings for the test suite: production settings with test-only secrets and fast hashing.

``DATABASE_URL`` still selects the database, so the same suite runs on SQLite and PostgreSQL.
"""

import hashlib
import os
import tempfile

# Fixed, so every process of a run signs alike; long and varied enough for the settings' check.
os.environ.setdefault("REDLINE_SECRET_KEY", "test-suite-only-" + hashlib.sha512(b"redline tests").hexdigest())
os.environ.setdefault("REDLINE_SECURE_COOKIES", "0")
os.environ.setdefault("REDLINE_DATA_DIR", tempfile.mkdtemp(prefix="redline-test-"))
os.environ.setdefault("REDLINE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from redline.site.settings import *  # noqa: E402,F403
from redline.site.settings import PASSWORD_HASHERS as PRODUCTION_PASSWORD_HASHERS  # noqa: E402,F401

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; production uses Argon2
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    # One test database per pytest process, so parallel runs on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file in WAL mode, as in production, rather than a shared-cache in-memory database: the browser
    # tests' live server answers a page's images in parallel, and shared-cache SQLite refuses a second
    # writer at once ("table is locked") instead of waiting out the busy timeout. In memory-backed
    # /dev/shm where there is one, so the suite does not wait on the disk.
    _shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else os.environ["REDLINE_DATA_DIR"]
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_shm, f"redline-test-{os.getpid()}.sqlite3")}  # noqa: F405
