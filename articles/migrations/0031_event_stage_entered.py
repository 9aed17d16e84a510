from django.db import migrations, models

from articles.models.publishing import fill_stage_entered


def backfill(apps, schema_editor):
    """The events recorded so far: one UPDATE per chunk of ids (see `fill_stage_entered`)."""
    fill_stage_entered(apps.get_model("articles", "WorkflowEvent"), apps.get_model("articles", "Article"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0030_suggestions"),
    ]

    operations = [
        migrations.AddField(
            model_name="workflowevent",
            name="stage_entered_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the piece entered the state this event leaves.",
                null=True,
                verbose_name="stage entered",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        # After the backfill: the figures' index-only reads (see WorkflowEvent.Meta).
        migrations.AddIndex(
            model_name="workflowevent",
            index=models.Index(
                fields=["from_state", "created_at", "to_state", "transition", "stage_entered_at", "article"],
                name="event_leaving_time",
            ),
        ),
        migrations.AddIndex(
            model_name="workflowevent",
            index=models.Index(fields=["transition", "created_at", "article"], name="event_transition_time"),
        ),
    ]
