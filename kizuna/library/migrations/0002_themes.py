# The library's vocabulary of themes (a data migration: the same on every installation).

from django.db import migrations

THEMES = [
    ("local-government", "地方行政・制度", "Local government and administration"),
    ("finance", "地方財政", "Local finance"),
    ("multicultural", "多文化共生", "Multicultural coexistence"),
    ("disaster", "防災・災害対応", "Disaster preparedness and response"),
    ("tourism", "観光・地域振興", "Tourism and regional promotion"),
    ("economy", "経済・産業", "Economy and industry"),
    ("education", "教育", "Education"),
    ("welfare", "福祉・医療", "Welfare and health"),
    ("environment", "環境", "Environment"),
    ("exchange", "国際交流", "International exchange"),
    ("digital", "デジタル化", "Digital government"),
    ("jet", "JETプログラム", "JET Programme"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("library", "Theme")
    for position, (slug, name, name_en) in enumerate(THEMES):
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "name_en": name_en, "position": position})


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]
    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
