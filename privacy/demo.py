"""Demo data: the consent ledger's lines for every demo application that has consent.

Runs last in `seed_demo`. Idempotent: `record_consent` writes one line per person, program,
notice version and application, so running it again adds nothing.
"""

from applications.models import Application
from privacy.models import ConsentRecord

from .services.consent import record_consent

PROGRAM_SLUG = "omvant-mentorskap"


def seed(stdout) -> None:
    """A ledger line for each demo application with a recorded consent."""
    applications = (
        Application.objects.filter(round__program__slug=PROGRAM_SLUG, anonymised_at=None)
        .exclude(consent_at=None)
        .exclude(consent_version="")
        .select_related("round__program", "applicant")
    )
    before = ConsentRecord.objects.count()
    for application in applications:
        record_consent(
            program=application.round.program,
            notice_version=application.consent_version,
            user=application.applicant,
            email=application.email or (application.applicant.email if application.applicant else ""),
            context=ConsentRecord.Context.APPLICATION,
            object_id=application.pk,
            at=application.consent_at,
        )
    stdout.write(f"privacy: {ConsentRecord.objects.count() - before} consent ledger lines added")
