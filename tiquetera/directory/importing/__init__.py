"""CSV import of the directory and its contracts (`tiquetera import KIND FILE.csv`).

A file is read whole (UTF-8 with or without BOM, `;`, `,` or tab sniffed from the header), every
row is checked before anything is written, and the good rows are then upserted through the
services in one transaction (`base.run_import`). Each kind of file (organizations, contacts,
contracts) is one `ImportKind` in `KINDS`. Column names and aliases: docs/import.md.
"""

from .base import ImportKind, Report, UnreadableFile, run_import
from .contacts import ContactImport
from .contracts import ContractImport
from .organizations import OrganizationImport

KINDS: dict[str, type[ImportKind]] = {
    OrganizationImport.name: OrganizationImport,
    ContactImport.name: ContactImport,
    ContractImport.name: ContractImport,
}

__all__ = ["KINDS", "ImportKind", "Report", "UnreadableFile", "run_import"]
