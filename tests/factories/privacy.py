import factory
from django.utils import timezone

from privacy.models import ConsentRecord


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "")
    program = factory.SubFactory("tests.factories.programs.ProgramFactory")
    notice_version = "1"
    accepted_at = factory.LazyFunction(timezone.now)
    context = ConsentRecord.Context.OTHER
