"""Eligibility after submit: re-checked when the round's list changes, or set by a coordinator."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, EligibilityOverride, State
from applications.services.submission import eligibility
from programs.models import EligibilityEntry, Round


def reevaluate_round(round_: Round) -> int:
    """Check every submitted (or decided) application of the round again; returns how many changed.

    Drafts are checked when they are submitted; a coordinator's override stays as it is.
    """
    applications = list(
        Application.objects.filter(round=round_, eligibility_overridden=False)
        .exclude(state=State.DRAFT)
        .select_related("round", "applicant")
    )
    lists: dict[str, set[str]] = {}
    for role in {application.role for application in applications}:
        emails = EligibilityEntry.objects.filter(round=round_, role=role).values_list("email", flat=True)
        lists[role] = {email.lower() for email in emails.iterator(chunk_size=5_000)}
    changed = []
    for application in applications:
        flag, note = eligibility(application, listed=lists[application.role])
        if (flag, note) != (application.is_eligible, application.eligibility_note):
            application.is_eligible, application.eligibility_note = flag, note
            changed.append(application)
    Application.objects.bulk_update(changed, ["is_eligible", "eligibility_note"], batch_size=500)
    return len(changed)


@transaction.atomic
def override_eligibility(
    application: Application, *, is_eligible: bool, note: str, actor, at: datetime | None = None
) -> EligibilityOverride:
    """A coordinator sets the flag by hand, with a note; logged, and kept when the list changes."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say why in a note."), code="note_required")
    at = at or timezone.now()
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.is_eligible = is_eligible
    application.eligibility_overridden = True
    application.eligibility_note = note[:300]
    application.save(
        update_fields=["is_eligible", "eligibility_overridden", "eligibility_note", "updated_at"]
    )
    return EligibilityOverride.objects.create(
        application=application, actor=actor, at=at, is_eligible=is_eligible, note=note[:300]
    )
