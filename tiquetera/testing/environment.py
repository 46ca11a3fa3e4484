"""Test-run defaults, loaded as a pytest plugin (`-p`) so they apply before Django reads its
settings. An exported variable wins (CI sets DATABASE_URL for the PostgreSQL run)."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("HUEY_IMMEDIATE", "true")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
