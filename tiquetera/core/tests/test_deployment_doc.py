"""docs/deployment.md names every environment variable the settings read, and the README points
to it."""

import re
from pathlib import Path

import tiquetera

ROOT = Path(tiquetera.__file__).parent.parent


def test_every_environment_variable_of_the_settings_is_documented():
    settings = (ROOT / "tiquetera" / "settings.py").read_text()
    read = set(re.findall(r"\benv\.\w+\(\s*\"([A-Z][A-Z0-9_]+)\"", settings))
    assert {"DATABASE_URL", "SECRET_KEY", "METRICS_TOKEN", "BEHIND_TLS_PROXY"} <= read
    doc = (ROOT / "docs" / "deployment.md").read_text()
    missing = sorted(name for name in read if f"`{name}`" not in doc)
    assert missing == []


def test_the_readme_points_to_the_deployment_guide_after_its_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert (
        readme.index("make demo")
        < readme.index("make test")
        < readme.index("](docs/deployment.md)")
    )
