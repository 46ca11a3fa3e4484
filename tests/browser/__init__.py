"""End-to-end tests in headless Chromium, driven by Playwright (issue 7). A package, so the
browser lives as long as this suite and no longer (see conftest.py)."""
