"""Search over cases: their subject and description, and the text of their replies and notes
(full text), and their numbers (trigram on PostgreSQL). SQLite keeps FTS5 tables by triggers."""

from django.db import migrations

from tiquetera.core.search import fts5_table, on_vendor

CASES, DROP_CASES = fts5_table("tickets_case", ["subject", "description"])
ARTICLES, DROP_ARTICLES = fts5_table("tickets_article", ["body_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_search_configuration"),
        ("tickets", "0012_in_person_channel"),
    ]

    operations = [
        on_vendor(
            postgresql=[
                "CREATE INDEX IF NOT EXISTS case_search_text ON tickets_case USING gin "
                "(to_tsvector('tiq_spanish', subject || ' ' || description))",
                "CREATE INDEX IF NOT EXISTS case_search_number ON tickets_case USING gin "
                "(number gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS article_search_text ON tickets_article USING gin "
                "(to_tsvector('tiq_spanish', body_text))",
            ],
            reverse_postgresql=[
                "DROP INDEX IF EXISTS case_search_text",
                "DROP INDEX IF EXISTS case_search_number",
                "DROP INDEX IF EXISTS article_search_text",
            ],
            sqlite=CASES + ARTICLES,
            reverse_sqlite=DROP_CASES + DROP_ARTICLES,
        )
    ]
