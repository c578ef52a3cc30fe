"""The first synonym groups; staff edit them in the admin afterwards."""

from django.db import migrations

GROUPS = [
    ("emploi, job, travail, boulot, employment, work", "Emploi"),
    ("logement, appartement, loyer, housing, apartment, rent", "Logement"),
    ("hébergement, refuge, dormir, shelter, sleep", "Hébergement"),
    ("avocat, juridique, droits, lawyer, legal, rights", "Droits"),
    ("santé, health, soins, care", "Santé"),
    ("dépistage, test, testing", "Santé"),
    ("nourriture, alimentation, repas, food, meal", "Alimentation"),
    ("formation, études, training, education", "Formation"),
    ("argent, finances, budget, money", "Argent"),
    ("dépendance, consommation, addiction, drogue, drugs", "Consommation"),
    ("violence, agression, abuse, assault", "Violence"),
]


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("lune_search", "SynonymGroup")
    for words, note in GROUPS:
        SynonymGroup.objects.get_or_create(words=words, defaults={"note": note})


def unseed(apps, schema_editor):
    SynonymGroup = apps.get_model("lune_search", "SynonymGroup")
    SynonymGroup.objects.filter(words__in=[words for words, _note in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("lune_search", "0002_synonymgroup")]
    operations = [migrations.RunPython(seed, unseed)]
