"""Test-run defaults, loaded as a pytest plugin (`-p`) so they apply before Django reads its
settings. An exported variable wins (CI sets DATABASE_URL for the PostgreSQL run).

Each test process (one per pytest-xdist worker, see docs/testing.md) gets a VAR_DIR of its own in
the system's temporary folder, so processes never share the huey queue file, uploaded files
(MEDIA_ROOT) or the static folder -- and a test run never touches the demo's var/."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("HUEY_IMMEDIATE", "true")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("SECURE_COOKIES", "false")

# The folder this plugin made, as against one exported by whoever runs the tests: an xdist
# worker inherits the controller's environment and must not keep the controller's folder.
MADE_HERE = "TIQUETERA_TEST_VAR_DIR"
if os.environ.get("VAR_DIR", MADE_HERE) == os.environ.get(MADE_HERE, MADE_HERE):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    _var_dir = tempfile.mkdtemp(prefix=f"tq-test-var-{worker}-")
    os.environ["VAR_DIR"] = os.environ[MADE_HERE] = _var_dir
    atexit.register(shutil.rmtree, _var_dir, ignore_errors=True)


def pytest_configure(config: object) -> None:
    """Tests hash passwords with MD5, as Django advises for tests: the production hasher (PBKDF2,
    a million rounds) costs about a quarter of a second of CPU a password, and the factories set
    one for every user they make, which was half of some folders' time. PBKDF2 stays listed, so
    a password hashed by a process the tests start (the demo, the web server) still checks. The
    processes the tests start keep the settings' hashers."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
