"""PostgreSQL: the extensions and the text search pieces every app's search indexes use —
`tiq_spanish` (Spanish stemming, accents removed) and `tiq_fold(text)` (lower case without
accents, immutable so it can be indexed). Nothing on SQLite, whose FTS5 tables fold accents
themselves."""

from django.db import migrations

from tiquetera.core.search import on_vendor

CONFIGURATION = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'tiq_spanish') THEN
        CREATE TEXT SEARCH CONFIGURATION tiq_spanish (COPY = pg_catalog.spanish);
        ALTER TEXT SEARCH CONFIGURATION tiq_spanish
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END
$$
"""

FOLD = """
CREATE OR REPLACE FUNCTION tiq_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(unaccent('unaccent'::regdictionary, $1)) $$
"""


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []

    operations = [
        on_vendor(
            postgresql=[
                "CREATE EXTENSION IF NOT EXISTS unaccent",
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                CONFIGURATION,
                FOLD,
            ],
            reverse_postgresql=[
                "DROP FUNCTION IF EXISTS tiq_fold(text)",
                "DROP TEXT SEARCH CONFIGURATION IF EXISTS tiq_spanish",
            ],
        )
    ]
