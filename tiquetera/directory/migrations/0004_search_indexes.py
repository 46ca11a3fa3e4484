"""Search over the directory: contacts by name, email and phone, organizations by name and tax
id. PostgreSQL: trigram indexes (names folded by `tiq_fold`); SQLite: FTS5 tables by triggers."""

from django.db import migrations

from tiquetera.core.search import fts5_table, on_vendor

CONTACTS, DROP_CONTACTS = fts5_table("directory_contact", ["name", "email"])
ORGANIZATIONS, DROP_ORGANIZATIONS = fts5_table("directory_organization", ["legal_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_search_configuration"),
        ("directory", "0003_organization_locality"),
    ]

    operations = [
        on_vendor(
            postgresql=[
                "CREATE INDEX IF NOT EXISTS contact_search_name ON directory_contact USING gin "
                "(tiq_fold(name) gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS contact_search_email ON directory_contact USING gin "
                "(lower(email) gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS contact_search_phone ON directory_contact USING gin "
                "(phone gin_trgm_ops, whatsapp gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS organization_search_name ON directory_organization "
                "USING gin (tiq_fold(legal_name) gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS organization_search_tax_id ON directory_organization "
                "USING gin (tax_id gin_trgm_ops)",
            ],
            reverse_postgresql=[
                f"DROP INDEX IF EXISTS {name}"
                for name in (
                    "contact_search_name",
                    "contact_search_email",
                    "contact_search_phone",
                    "organization_search_name",
                    "organization_search_tax_id",
                )
            ],
            sqlite=CONTACTS + ORGANIZATIONS,
            reverse_sqlite=DROP_CONTACTS + DROP_ORGANIZATIONS,
        )
    ]
