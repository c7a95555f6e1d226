from django.db import migrations


def copy_decision_texts(apps, schema_editor):
    """A program's decision e-mail wording becomes its e-mail texts of kind decision_<state>."""
    Old = apps.get_model("applications", "DecisionEmailTemplate")
    New = apps.get_model("notifications", "EmailTemplate")
    for old in Old.objects.all():
        New.objects.update_or_create(
            program_id=old.program_id,
            kind=f"decision_{old.decision}",
            language=old.language,
            defaults={"subject": old.subject, "body": old.body},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_program_and_email_templates"),
        ("applications", "0003_verbose_names"),
    ]

    operations = [migrations.RunPython(copy_decision_texts, migrations.RunPython.noop)]
