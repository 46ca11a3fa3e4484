"""Headless Chromium against pytest-django's live server.

The browser is Debian's /usr/bin/chromium driven by Playwright for Python — never a browser
downloaded by `playwright install`. Each test gets a fresh context (Colombian Spanish, a laptop's
screen) on the live server, which serves the static files (htmx included) from the apps' folders.
A failed test leaves its screenshot and HTML in test-artifacts/browser/.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

# The project's fixture that lets a transactional test's flush empty SQLite's append-only audit
# log; tiquetera/conftest.py reaches only the tests under tiquetera/.
from tiquetera.conftest import _audit_log_flushable_on_sqlite  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 768}
WAIT_MS = 15_000  # for an element or a page: generous, the CI machine is shared
expect.set_options(timeout=WAIT_MS)

REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test, so the `page` fixture knows whether it failed."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `apt-get install -y chromium` (.ci/run does it)")
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an asyncio loop running in this thread, which Django takes
        # for an async context; the ORM calls made meanwhile (test data, the flush) are plain
        # synchronous ones. The package scope ends this before any other suite runs.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()


@pytest.fixture
def page(browser: Browser, live_server, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A new tab in a fresh context on the live server; relative URLs go to it."""
    context = browser.new_context(
        base_url=live_server.url, locale="es-CO", viewport=LAPTOP, timezone_id="America/Bogota"
    )
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    tab.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if "/static/" in response.url and response.status >= 400
            else None
        ),
    )
    # A Content-Security-Policy violation is only a console message: count it as a broken page.
    tab.on(
        "console",
        lambda message: (
            problems.append(f"CSP: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab
    reports = request.node.stash.get(REPORTS, {})
    if any(report.failed for report in reports.values()):
        _keep_evidence(tab, request.node.name, request.config.rootpath)
    context.close()
    if problems:
        pytest.fail("The pages were broken: " + "; ".join(problems))


@pytest.fixture
def axe_tab(browser: Browser, live_server) -> Iterator[Page]:
    """A tab on the live server that lets a test inject axe-core whatever the pages' own
    Content-Security-Policy says; the pages' JavaScript errors fail the test."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="es-CO",
        viewport=LAPTOP,
        timezone_id="America/Bogota",
        bypass_csp=True,
        # no colour transitions: axe must read the colours a page settles on, not a frame of
        # Pico's fade (an opened menu's summary measured mid-transition failed its contrast)
        reduced_motion="reduce",
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def _keep_evidence(tab: Page, test_name: str, root: Path) -> None:
    """test-artifacts/browser/<test name>.png and .html, as the page stood when the test failed."""
    folder = root / "test-artifacts" / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", test_name)
    try:
        tab.screenshot(path=str(folder / f"{stem}.png"), full_page=True)
        (folder / f"{stem}.html").write_text(tab.content(), encoding="utf-8")
    except PlaywrightError as error:  # a crashed tab: the test's own failure still says why
        (folder / f"{stem}.txt").write_text(f"No screenshot: {error}\n", encoding="utf-8")
