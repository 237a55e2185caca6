"""Payments get a state: prepared, or approved (by a second person). Existing payments approved by someone are
approved; the others wait for their approver."""

from django.db import migrations, models


def fill_status(apps, schema_editor):
    Payment = apps.get_model("grants", "Payment")
    Payment.objects.filter(approved_by__isnull=False).update(status="approved")


def empty_status(apps, schema_editor):
    """Going back drops the field; nothing to restore."""


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0002_review_kind_score_report_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="status",
            field=models.CharField(choices=[("prepared", "Prepared, waiting for a second person's approval"),
                                            ("approved", "Approved")],
                                   default="prepared", max_length=10, verbose_name="status"),
        ),
        migrations.RunPython(fill_status, empty_status),
    ]
