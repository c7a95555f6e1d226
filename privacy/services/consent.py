from datetime import datetime

from django.db import transaction
from django.utils import timezone

from privacy.models import ConsentRecord
from programs.models import Program


@transaction.atomic
def record_consent(
    *,
    program: Program,
    notice_version: str,
    user=None,
    email: str = "",
    context: str = ConsentRecord.Context.OTHER,
    object_id: int | None = None,
    at: datetime | None = None,
) -> ConsentRecord:
    """Write one ledger line (once per person, program, version and occasion); returns it."""
    if user is not None and not email:
        email = user.email
    record, _ = ConsentRecord.objects.get_or_create(
        user=user,
        email=email.lower(),
        program=program,
        notice_version=notice_version,
        context=context,
        object_id=object_id,
        defaults={"accepted_at": at or timezone.now()},
    )
    return record
