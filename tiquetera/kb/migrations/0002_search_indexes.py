"""Search over the knowledge base: titles and texts (full text on PostgreSQL, FTS5 on SQLite)."""

from django.db import migrations

from tiquetera.core.search import fts5_table, on_vendor

ENTRIES, DROP_ENTRIES = fts5_table("kb_entry", ["title", "body_markdown"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_search_configuration"),
        ("kb", "0001_initial"),
    ]

    operations = [
        on_vendor(
            postgresql=[
                "CREATE INDEX IF NOT EXISTS kb_entry_search_text ON kb_entry USING gin "
                "(to_tsvector('tiq_spanish', title || ' ' || body_markdown))"
            ],
            reverse_postgresql=["DROP INDEX IF EXISTS kb_entry_search_text"],
            sqlite=ENTRIES,
            reverse_sqlite=DROP_ENTRIES,
        )
    ]
