"""Save receipts (a resent editor form answers "saved"), and authors on published versions protected.

The second part changes no table: the many-to-many table Django made for
`PublishedVersion.authors` becomes the explicit `PublishedByline` model (same table,
same columns, same unique pair), only so its author link can be `PROTECT`. Django
never put ON DELETE rules in the database, so only the model state changes.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_outbox'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SaveReceipt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.UUIDField(unique=True, verbose_name='token')),
                ('version', models.PositiveIntegerField(verbose_name='version saved')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.article')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'save receipt',
                'verbose_name_plural': 'save receipts',
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PublishedByline",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, to="articles.author", verbose_name="author"
                            ),
                        ),
                        (
                            "publishedversion",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="articles.publishedversion",
                                verbose_name="published version",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "byline on a published version",
                        "verbose_name_plural": "bylines on published versions",
                        "db_table": "articles_publishedversion_authors",
                        "unique_together": {("publishedversion", "author")},
                    },
                ),
                migrations.AlterField(
                    model_name="publishedversion",
                    name="authors",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="published_versions",
                        through="articles.PublishedByline",
                        to="articles.author",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
