from io import StringIO

import pytest
from django.core.management import call_command

from applications.models import Application
from privacy.models import ConsentRecord

pytestmark = pytest.mark.django_db


def test_demo_applications_with_consent_have_their_ledger_line_once():
    call_command("seed_demo", force=True, stdout=StringIO())
    call_command("seed_demo", force=True, stdout=StringIO())

    with_consent = Application.objects.exclude(consent_at=None).exclude(consent_version="")
    lines = ConsentRecord.objects.filter(context=ConsentRecord.Context.APPLICATION)
    assert with_consent.exists()
    expected = sorted(with_consent.values_list("pk", flat=True))
    assert sorted(lines.values_list("object_id", flat=True)) == expected
    line = lines.select_related("program").first()
    application = Application.objects.get(pk=line.object_id)
    assert (line.notice_version, line.accepted_at) == (application.consent_version, application.consent_at)
