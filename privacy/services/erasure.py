"""Erasure of one person: deleting one's own account, or a coordinator erasing on request.

What goes is decided by each app's `personal_data` hooks (privacy/hooks.py); this module
decides only whose data and how much (one program's applications, or the whole person).
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import queue_email

from .. import hooks
from ..models import ErasureRecord


@transaction.atomic
def delete_account(user, *, at: datetime | None = None) -> Notification:
    """Anonymise everything of an applicant, queue a confirmation to the old address, delete the user.

    The confirmation e-mail is queued first so the outbox row keeps the address it needs.
    Staff accounts are removed by an administrator instead (they own reviews and runs).
    """
    if user.is_staff or user.is_superuser:
        raise PermissionDenied(_("Staff accounts are removed by an administrator."))
    at = at or timezone.now()
    confirmation = queue_email(
        key=f"privacy:account-deleted:{user.pk}:{at.timestamp():.0f}",
        to=user.email,
        template="privacy_account_deleted",
        context={},
        language=user.preferred_language,
    )
    hooks.erase_person(hooks.person(user=user, keep_notification_ids=[confirmation.pk]), at=at)
    return confirmation


def erasure_preview(*, program, email: str) -> hooks.Person:
    """The person a coordinator would erase in `program`: a ValidationError if there is none."""
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    scoped = hooks.person(user=user, email=email.strip(), program=program)
    if not scoped.application_ids:
        raise ValidationError(_("No one with this e-mail address has applied to this program."))
    return scoped


@transaction.atomic
def erase_on_request(
    *, program, email: str, by, note: str = "", language: str = "sv", at=None
) -> ErasureRecord:
    """Erase a person's data in `program` at their request: tell them first, then erase, then audit.

    Their applications, pairs and answers in the program go. If they have nothing live
    elsewhere, their account, outbox rows, ledger addresses and sign-in attempts go too.
    """
    at = at or timezone.now()
    scoped = erasure_preview(program=program, email=email)
    whole = not hooks.keeps_person(scoped)
    address = sorted(scoped.emails)[0]
    user = scoped.user
    confirmation = queue_email(
        key=f"privacy:erased:{program.pk}:{address}:{at.timestamp():.0f}",
        to=address,
        template="privacy_erased_on_request",
        context={"program": program.name},
        language=getattr(user, "preferred_language", "") or language,
        program_id=program.pk,
    )
    subject = hooks.person(
        user=user, email=address, program=None if whole else program,
        keep_notification_ids=[confirmation.pk], whole=whole,
    )  # fmt: skip
    counts = hooks.erase_person(subject, at=at)
    return ErasureRecord.objects.create(
        program=program, requested_by=by, at=at, note=note, whole_person=whole, counts=counts
    )
