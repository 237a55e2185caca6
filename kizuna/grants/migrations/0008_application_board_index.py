from django.db import migrations, models


class Migration(migrations.Migration):
    """A call's board reads its applications' ids in order, with their state and awarded amount, from this index
    alone: the count, the total awarded, a page's ids."""

    dependencies = [
        ("grants", "0007_jet_claims"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["call", "id", "status", "decided_amount"], name="grants_application_board"),
        ),
    ]
