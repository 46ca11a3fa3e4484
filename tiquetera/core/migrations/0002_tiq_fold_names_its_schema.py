"""PostgreSQL: `tiq_fold` names the schema of `unaccent` (function and dictionary). pg_restore
builds the indexes that call it with an empty search_path, where the bare names of 0001 are not
found and `tiquetera restore` failed on the first folded-name index. Same result, same indexes."""

from django.db import migrations

from tiquetera.core.search import on_vendor

QUALIFIED = """
DO $do$
DECLARE extension_schema text;
BEGIN
    SELECT n.nspname INTO extension_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'unaccent';
    EXECUTE format(
        'CREATE OR REPLACE FUNCTION tiq_fold(text) RETURNS text '
        'LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE '
        'AS $fold$ SELECT lower(%I.unaccent(%L::regdictionary, $1)) $fold$',
        extension_schema, extension_schema || '.unaccent'
    );
END
$do$
"""

UNQUALIFIED = """
CREATE OR REPLACE FUNCTION tiq_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(unaccent('unaccent'::regdictionary, $1)) $$
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0001_search_configuration")]

    operations = [on_vendor(postgresql=[QUALIFIED], reverse_postgresql=[UNQUALIFIED])]
