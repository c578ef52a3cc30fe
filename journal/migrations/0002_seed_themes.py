from django.db import migrations

THEMES = [
    ("sante-globale-et-itss", "Santé globale et ITSS"),
    ("la-decriminalisation-du-travail-du-sexe", "La décriminalisation du travail du sexe"),
    ("des-dependants-aux-dependances", "Des dépendants aux dépendances"),
    ("la-police-la-justice-et-nos-droits", "La police, la justice et nos droits"),
    ("les-visages-de-la-pauvrete", "Les visages de la pauvreté"),
]


def seed_themes(apps, schema_editor):
    Theme = apps.get_model("journal", "Theme")
    for slug, name in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]

    operations = [migrations.RunPython(seed_themes, migrations.RunPython.noop)]
