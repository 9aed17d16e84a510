import django.db.models.deletion
from django.db import migrations, models

from articles.models.publishing import fill_event_sections


def backfill(apps, schema_editor):
    """The events recorded so far get their piece's section as it is now: one UPDATE per chunk of ids."""
    fill_event_sections(apps.get_model("articles", "WorkflowEvent"), apps.get_model("articles", "Article"))


class Migration(migrations.Migration):
    """Events carry the piece's section, and the figures' indexes include it (see WorkflowEvent.Meta).

    On a large archive the backfill and the two indexes take a while and hold writes to the events
    (measured: 2,946,152 events, 101 s on PostgreSQL); the README's deployment section says so.
    """

    dependencies = [
        ("articles", "0032_article_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="workflowevent",
            name="section",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="The piece's section when the event happened.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="articles.section",
                verbose_name="section",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(model_name="workflowevent", name="event_leaving_time"),
        migrations.RemoveIndex(model_name="workflowevent", name="event_transition_time"),
        migrations.AddIndex(
            model_name="workflowevent",
            index=models.Index(
                fields=["from_state", "created_at", "to_state", "transition", "stage_entered_at", "section", "article"],
                name="event_leaving_section_time",
            ),
        ),
        migrations.AddIndex(
            model_name="workflowevent",
            index=models.Index(fields=["transition", "created_at", "section", "article"], name="event_transition_section"),
        ),
    ]
