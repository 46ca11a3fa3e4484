"""Every section of the file is registered once, with a loader and an exporter."""

from tiquetera.policy.schema import PolicyDocument
from tiquetera.policy.services import SECTIONS


def test_every_document_section_has_a_loader_and_an_exporter():
    sections = [name for name in PolicyDocument.model_fields if name not in ("format", "policy")]
    assert [section.name for section in SECTIONS] == sections
