"""CSV import of the directory (`tiquetera import organizations|contacts FILE.csv`).

A file is read whole (UTF-8 with or without BOM, `;`, `,` or tab sniffed from the header), every
row is checked before anything is written, and the good rows are then upserted through the
services in one transaction (`base.run_import`). Each kind of file is one `ImportKind` in
`KINDS`; another app adds its kind (contracts, later) as one more entry. Column names and
aliases: docs/import.md.
"""

from .base import ImportKind, Report, UnreadableFile, run_import
from .contacts import ContactImport
from .organizations import OrganizationImport

KINDS: dict[str, type[ImportKind]] = {
    OrganizationImport.name: OrganizationImport,
    ContactImport.name: ContactImport,
}

__all__ = ["KINDS", "ImportKind", "Report", "UnreadableFile", "run_import"]
