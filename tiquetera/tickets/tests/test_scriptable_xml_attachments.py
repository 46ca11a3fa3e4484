"""XML that a browser would run scripts from — an XHTML script or a nested SVG anywhere in the
document, however the namespace is spelled — is refused like SVG is; plain data XML (an
electronic invoice, a log with escaped markup in its text) is still accepted."""

import pytest
from django.utils import translation

from tiquetera.tickets.attachments import AttachmentError, check_upload


@pytest.mark.parametrize(
    "content",
    [
        b'<root><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></root>',
        b'<?xml version="1.0"?><root><x:script xmlns:x="http://www.w3.org/1999/xhtml"/></root>',
        b'<?xml version="1.0"?><d><svg xmlns="http://www.w3.org/2000/svg" onload="x()"/></d>',
        b"<datos><item><svg><script>alert(1)</script></svg></item></datos>",
        # the namespace spelled with character references
        b'<root><a:b xmlns:a="http&#58;//www.w3.org/1999/xhtml"/></root>',
        # an entity could spell it out of sight
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY ns "x">]><r/>',
        # a stylesheet that turns the document into a page
        b'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="p.xsl"?><r/>',
        b'<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"/>',
        b"<root>\n" + b"<item>relleno</item>\n" * 600 + b"<iframe src='javascript:x()'/></root>",
    ],
)
def test_xml_carrying_a_page_or_an_svg_is_refused(content):
    with pytest.raises(AttachmentError) as refused:
        check_upload(("datos.xml", content))

    assert refused.value.code == "attachment_type_refused"
    with translation.override("es"):
        assert "XML con contenido de página web o SVG" in refused.value.message


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?><fe:Invoice xmlns:fe="urn:oasis:names:specification:ubl"/>',
        b"<log><line>El usuario escribi&#243; &lt;script&gt; en el campo</line></log>",
        b"<config><description>Usa svg y script en el nombre</description></config>",
    ],
)
def test_data_xml_is_still_accepted(content):
    assert check_upload(("datos.xml", content)).size == len(content)
