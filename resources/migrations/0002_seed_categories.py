from django.db import migrations

CATEGORIES = [
    ("Emploi", "emploi"),
    ("Logement", "logement"),
    ("Hébergement d'urgence", "hebergement-d-urgence"),
    ("Santé et ITSS", "sante-et-itss"),
    ("Dépendances", "dependances"),
    ("Droits et justice", "droits-et-justice"),
    ("Argent et impôts", "argent-et-impots"),
    ("Alimentation", "alimentation"),
    ("Formation", "formation"),
    ("Soutien psychologique", "soutien-psychologique"),
]

NEIGHBOURHOODS = [
    ("Saint-Roch", "saint-roch"),
    ("Saint-Sauveur", "saint-sauveur"),
    ("Saint-Jean-Baptiste", "saint-jean-baptiste"),
    ("Vieux-Québec", "vieux-quebec"),
    ("Limoilou", "limoilou"),
    ("Montcalm", "montcalm"),
    ("Vanier", "vanier"),
    ("Sainte-Foy", "sainte-foy"),
    ("Charlesbourg", "charlesbourg"),
    ("Beauport", "beauport"),
    ("Lévis", "levis"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("resources", "Category")
    Neighbourhood = apps.get_model("resources", "Neighbourhood")
    for order, (name, slug) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for name, slug in NEIGHBOURHOODS:
        Neighbourhood.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
