"""The desk's search vector moves to a table of its own, written only when a piece's text changes.

Migration 0004 indexed an expression over `articles_article` itself, so PostgreSQL
re-parsed the whole body for every new row version — a change of state, time or
version number included (a third of a `publish_scheduled` run). Now a trigger keeps
one `articles_searchdocument` row per piece: on insert, and on an update that
changes the headline, teaser or body. The expression and configuration are those of
0004 and of `articles.desk.selectors.search_articles`. Nothing happens on SQLite.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

OLD_INDEX = "article_fulltext_search"
EXPRESSION = (
    "(setweight(to_tsvector('english'::regconfig, COALESCE({row}.headline, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE({row}.teaser, '')), 'B'))"
    " || setweight(to_tsvector('english'::regconfig, COALESCE({row}.body, '')), 'C')"
)
FUNCTION = f"""
CREATE FUNCTION articles_searchdocument_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO articles_searchdocument (article_id, vector) VALUES (NEW.id, {EXPRESSION.format(row="NEW")})
    ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector;
    RETURN NULL;
END $$
"""
FORWARD = [
    "ALTER TABLE articles_searchdocument ADD CONSTRAINT articles_searchdocument_article_fk"
    " FOREIGN KEY (article_id) REFERENCES articles_article (id) ON DELETE CASCADE",
    "CREATE INDEX articles_searchdocument_vector ON articles_searchdocument USING gin (vector)",
    FUNCTION,
    "CREATE TRIGGER articles_searchdocument_on_insert AFTER INSERT ON articles_article"
    " FOR EACH ROW EXECUTE FUNCTION articles_searchdocument_write()",
    # Only a change of the text: a state change, a new version number or a time never re-parses the body.
    "CREATE TRIGGER articles_searchdocument_on_text AFTER UPDATE OF headline, teaser, body ON articles_article"
    " FOR EACH ROW WHEN (OLD.headline IS DISTINCT FROM NEW.headline OR OLD.teaser IS DISTINCT FROM NEW.teaser"
    " OR OLD.body IS DISTINCT FROM NEW.body) EXECUTE FUNCTION articles_searchdocument_write()",
    "INSERT INTO articles_searchdocument (article_id, vector)"
    f" SELECT id, {EXPRESSION.format(row='articles_article')} FROM articles_article",
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_searchdocument_on_text ON articles_article",
    "DROP TRIGGER IF EXISTS articles_searchdocument_on_insert ON articles_article",
    "DROP FUNCTION IF EXISTS articles_searchdocument_write()",
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON articles_article"
    f" USING gin (({EXPRESSION.format(row='articles_article')}))",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_revision_body_html")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={"default_permissions": ()},
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
