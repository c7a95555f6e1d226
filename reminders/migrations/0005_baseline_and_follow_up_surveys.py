"""Rounds that already have their reminder rules get the new survey e-mails too: baseline (at the
kickoff) and follow-up, each sent at its date and reminded a week later, like midpoint and end.
Stale ones never go out (reminders older than STALE_AFTER are skipped), so past rounds stay quiet."""

from datetime import timedelta

from django.db import migrations

NEW = [
    ("survey", "kickoff", timedelta(0)),
    ("survey_reminder", "kickoff", timedelta(days=7)),
    ("survey", "follow_up", timedelta(0)),
    ("survey_reminder", "follow_up", timedelta(days=7)),
]


def add_rules(apps, schema_editor):
    ReminderRule = apps.get_model("reminders", "ReminderRule")
    round_ids = set(ReminderRule.objects.values_list("round_id", flat=True))
    have = set(ReminderRule.objects.filter(anchor__in=["kickoff", "follow_up"]).values_list("round_id", "kind", "anchor"))
    ReminderRule.objects.bulk_create(
        [
            ReminderRule(round_id=round_id, kind=kind, audience="pair_members", anchor=anchor, offset=offset)
            for round_id in sorted(round_ids)
            for kind, anchor, offset in NEW
            if (round_id, kind, anchor) not in have
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("reminders", "0004_timeline_anchors")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
