"""Production behind a TLS proxy: `check --deploy` is silent with the settings docs/deployment.md
gives, HTTPS is enforced when the proxy says the request was plain, and every HTML page carries a
Content-Security-Policy that forbids inline scripts — which no template of ours needs."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

import tiquetera

# The production environment of docs/deployment.md ("Environment"), less what names machines.
PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "soporte.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://soporte.example.com",
    "SITE_URL": "https://soporte.example.com",
    "BEHIND_TLS_PROXY": "true",
    "TRUSTED_PROXIES": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "EMAIL_URL": "smtp+tls://soporte%40example.com:secret@smtp.example.com:587",
    "DEFAULT_FROM_EMAIL": "soporte@example.com",
    "EMAIL_DOMAIN": "example.com",
    "IMAP_URLS": "imaps://soporte%40example.com:secret@imap.example.com:993/INBOX",
    "EMAIL_TRUSTED_AUTHSERV_IDS": "mx.google.com",
}


def test_check_deploy_reports_nothing_with_the_documented_production_settings(tmp_path):
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECURE_COOKIES", "STATIC_MANIFEST", "HUEY_IMMEDIATE"}
    }
    environ |= PRODUCTION | {
        "DJANGO_SETTINGS_MODULE": "tiquetera.settings",
        "VAR_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tiquetera", "check", "--deploy", "--fail-level", "DEBUG"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout, done.stdout


def test_check_deploy_warns_when_a_mailbox_believes_every_from(tmp_path):
    """Issue 15: without a trusted receiving server, anyone can write in a client's name."""
    environ = dict(os.environ) | {
        "DEBUG": "false",
        "VAR_DIR": str(tmp_path),
        "IMAP_URLS": "imaps://soporte%40example.com:secret@imap.example.com:993/INBOX",
        "EMAIL_TRUSTED_AUTHSERV_IDS": "",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tiquetera", "check", "--deploy", "--tag", "security"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "tiquetera.W002" in done.stderr + done.stdout
    assert "soporte@example.com imap.example.com:993/INBOX" in done.stderr + done.stdout


def test_the_documented_production_settings_are_the_ones_in_docs_deployment():
    doc = (Path(tiquetera.__file__).parent.parent / "docs" / "deployment.md").read_text()
    for name, value in PRODUCTION.items():
        if "example.com" not in value:  # the doc's example names its own host
            assert f"{name}={value}" in doc, name


@pytest.mark.django_db
@override_settings(
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
)
def test_plain_http_through_the_proxy_is_redirected_and_https_gets_hsts():
    client = Client()
    plain = client.get("/kb/", headers={"x-forwarded-proto": "http"})
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/kb/"
    secure = client.get("/kb/", headers={"x-forwarded-proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    # the load balancer's health check talks to the web process directly
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/kb/", "/portal/", "/admin/login/"])
def test_every_html_page_forbids_inline_scripts(url):
    response = Client().get(url, follow=True)
    assert response.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_the_agents_pages_carry_the_policy_too(agent_client):
    assert "script-src 'self'" in agent_client.get("/queue/")["Content-Security-Policy"]


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"  # inline script
    r"|<style\b"  # style element
    r"|\sstyle=\""  # style attribute
    r"|\son[a-z]+=\""  # event-handler attribute
    r"|\bhx-on\b|javascript:",
    re.IGNORECASE,
)


def test_no_template_of_ours_needs_inline_script_or_style():
    root = Path(tiquetera.__file__).parent
    found = [
        f"{path.relative_to(root)}: {match.group(0).strip()}"
        for path in root.glob("*/**/templates/**/*.html")
        if "notifications" not in path.parts  # emails, not pages: no CSP applies
        for match in INLINE.finditer(path.read_text())
    ]
    assert found == []
