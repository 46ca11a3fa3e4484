"""Markdown bodies as safe HTML: Python-Markdown with raw HTML turned off (written HTML shows
as text), then nh3 with an allow-list — the case articles' tags plus headings and tables.
Links only to http(s), mailto and anchors, with rel="noopener noreferrer"; images only from
http(s); scripts, styles and their content are removed."""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "div", "span", "hr", "b", "i", "u", "strong", "em", "del",
    "ul", "ol", "li", "a", "blockquote", "pre", "code", "img",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
REMOVED_WITH_CONTENT = {"script", "style", "title", "head", "template", "noscript", "object"}
LINK_PREFIXES = ("http://", "https://", "mailto:", "#")
IMAGE_PREFIXES = ("http://", "https://")
EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


def render_markdown(text: str) -> str:
    """The sanitised HTML of the Markdown `text` ("" for blank text)."""
    text = text.replace("\x00", "")
    if not text.strip():
        return ""
    converter = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    # No raw HTML: a block or inline tag written in the text is escaped, shown as text.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return sanitize(converter.convert(text)).strip()


def sanitize(html: str) -> str:
    """`html` with only `ALLOWED_TAGS`, their allowed attributes and safe URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    url = value.strip()
    if tag == "a" and attribute == "href":
        return url if url.lower().startswith(LINK_PREFIXES) else None
    if tag == "img" and attribute == "src":
        return url if url.lower().startswith(IMAGE_PREFIXES) else None
    return value
