from django.db import migrations

# A starting house style; editors keep the list in the admin.
RULES = [
    ("Kiev", "Kyiv", "Ukrainian spelling, in use since 2019."),
    ("Kharkov", "Kharkiv", "Ukrainian spelling."),
    ("Odessa", "Odesa", "Ukrainian spelling."),
    ("Byelorussia", "Belarus", ""),
]


def seed(apps, schema_editor):
    StyleRule = apps.get_model("articles", "StyleRule")
    for wrong, right, note in RULES:
        StyleRule.objects.get_or_create(wrong=wrong, defaults={"right": right, "note": note})


def unseed(apps, schema_editor):
    apps.get_model("articles", "StyleRule").objects.filter(wrong__in=[wrong for wrong, _, _ in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_roles")]

    operations = [migrations.RunPython(seed, unseed)]
