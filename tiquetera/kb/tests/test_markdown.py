"""Entry bodies are Markdown rendered to HTML that cannot carry a script: no raw HTML, no
javascript: links; headings, lists, code and tables are kept."""

import pytest

from tiquetera.kb.rendering import render_markdown
from tiquetera.kb.tests.factories import EntryFactory


def test_script_tags_are_not_rendered():
    html = render_markdown("Antes\n\n<script>alert('x')</script>\n\nDespués <script>x()</script>")

    assert "<script" not in html
    assert "&lt;script&gt;" in html  # shown as text, harmless


def test_raw_html_is_shown_as_text_not_passed_through():
    html = render_markdown(
        '<div onclick="steal()">caja</div>\n\nUn <b>negrita</b> <img src=x onerror=alert(1)>'
    )

    assert "<div" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;div" in html and "&lt;b&gt;negrita&lt;/b&gt;" in html


def test_javascript_links_lose_their_address():
    html = render_markdown("[haga clic](javascript:alert(1)) y [data](data:text/html,hola)")

    assert "javascript:" not in html
    assert "data:" not in html
    assert "haga clic" in html


def test_links_get_noopener_noreferrer():
    html = render_markdown("Vea [el manual](https://sisnova.example/manual).")

    assert '<a href="https://sisnova.example/manual" rel="noopener noreferrer">' in html


def test_headings_lists_code_and_tables_are_kept():
    html = render_markdown(
        "## Pasos\n\n1. Abrir\n2. Cerrar\n\n- uno\n- dos\n\n`F5` y\n\n```\nSELECT 1;\n```\n\n"
        "| Plan | Tickets |\n|---|---|\n| Básico | 5 |\n"
    )

    for tag in [
        "<h2>",
        "<ol>",
        "<ul>",
        "<li>",
        "<code>F5</code>",
        "<pre><code>",
        "<table>",
        "<td>",
    ]:
        assert tag in html


def test_an_empty_body_renders_empty():
    assert render_markdown("  \n ") == ""


@pytest.mark.django_db
def test_saving_an_entry_refreshes_its_html():
    entry = EntryFactory(body_markdown="# Uno")
    entry.body_markdown = "# Dos"
    entry.save(update_fields=["body_markdown"])
    entry.refresh_from_db()

    assert entry.body_html == "<h1>Dos</h1>"
