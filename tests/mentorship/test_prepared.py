"""Reads compiled once (mentorship.prepared): the same rows as the queryset, for any value."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY, get_user
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from mentorship.prepared import NO_ID, Prepared
from mentorship.sessions import SessionStore
from tests.factories.accounts import UserFactory
from tests.factories.programs import OrganisationFactory

pytestmark = pytest.mark.django_db

by_email = Prepared(lambda email: User.objects.filter(email=email).order_by("pk"), email="-sentinel-")
names_since = Prepared(
    lambda pk: User.objects.filter(pk__gte=pk).order_by("pk").values_list("email", "last_login"),
    pk=NO_ID,
)


def test_model_instances_are_the_querysets_with_every_field_converted():
    user = UserFactory(email="ada@example.org", last_login=timezone.now() - timedelta(days=2))
    UserFactory(email="bea@example.org")

    [read] = by_email(email="ada@example.org")

    expected = User.objects.get(pk=user.pk)
    assert [getattr(read, f.attname) for f in User._meta.concrete_fields] == [
        getattr(expected, f.attname) for f in User._meta.concrete_fields
    ]
    assert read.last_login.tzinfo is not None  # a datetime, not the database's text
    assert not read._state.adding and read._state.db == "default"  # saves as an UPDATE


def test_each_call_reads_its_own_values_in_one_query(django_assert_num_queries):
    ada, bea = UserFactory(email="ada@example.org"), UserFactory(email="bea@example.org")

    with django_assert_num_queries(1):
        assert by_email(email="bea@example.org") == [bea]
    assert by_email(email="ada@example.org") == [ada]
    assert by_email(email="nobody@example.org") == []
    assert names_since(pk=bea.pk) == list(
        User.objects.filter(pk__gte=bea.pk).order_by("pk").values_list("email", "last_login")
    )


def test_select_related_objects_come_with_the_row(django_assert_num_queries):
    from applications.models import Application
    from tests.factories.applications import ApplicationFactory

    mine = ApplicationFactory(organisation=OrganisationFactory(name="Husqvarna"))
    ApplicationFactory()  # somebody else's
    with_round = Prepared(
        lambda user_id: Application.objects.filter(applicant=user_id).select_related(
            "round__program", "organisation"
        ),
        user_id=NO_ID,
    )

    with django_assert_num_queries(1):
        [read] = with_round(user_id=mine.applicant_id)
        assert (read.pk, read.round.program.name, read.organisation.name) == (
            mine.pk,
            mine.round.program.name,
            "Husqvarna",
        )
        assert read.round.applications_open == mine.round.applications_open


def test_a_sentinel_the_query_does_not_take_is_refused_at_the_first_read():
    unused = Prepared(lambda pk: User.objects.filter(is_active=True), pk=NO_ID)
    prefetching = Prepared(lambda pk: User.objects.filter(pk=pk).prefetch_related("x"), pk=NO_ID)

    with pytest.raises(ValueError, match="does not take"):
        unused(pk=1)
    with pytest.raises(ValueError, match="prefetch_related"):
        prefetching(pk=1)


def _request_with_session(key: str):
    request = RequestFactory().get("/")
    request.session = SessionStore(key)
    return request


def test_a_stored_session_signs_its_user_in_and_an_expired_one_does_not(settings):
    settings.AUTHENTICATION_BACKENDS = ["accounts.backends.LinkBackend"]
    user = UserFactory()
    live, stale = SessionStore(), SessionStore()
    for session in (live, stale):
        session[SESSION_KEY] = str(user.pk)
        session["_auth_user_backend"] = "accounts.backends.LinkBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
    Session.objects.filter(session_key=stale.session_key).update(expire_date=timezone.now())

    assert get_user(_request_with_session(live.session_key)) == user
    assert get_user(_request_with_session(stale.session_key)).is_anonymous
    assert get_user(_request_with_session("no-such-session-key")).is_anonymous
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert get_user(_request_with_session(live.session_key)).is_anonymous  # deactivated: out
