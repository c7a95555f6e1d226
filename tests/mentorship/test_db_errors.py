import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.db import DatabaseError, OperationalError, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.generic import FormView

from accounts.models import User
from mentorship.db_errors import DATABASE_ERROR_MESSAGE, KeepFormOnDatabaseErrorMixin, keep_form_on_db_error

pytestmark = pytest.mark.django_db


class NameForm(forms.Form):
    full_name = forms.CharField()
    motivation = forms.CharField(widget=forms.Textarea)


def _post(data):
    request = RequestFactory().post("/apply/", data)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@transaction.atomic
def _failing_service(email: str) -> None:
    User.objects.create_user(email=email)  # rolled back with the rest
    raise OperationalError("server closed the connection unexpectedly")


def _form_view(request):
    form = NameForm(request.POST)
    if form.is_valid():
        with keep_form_on_db_error(request, form) as outcome:
            _failing_service("typed@example.org")
        if not outcome.failed:
            return HttpResponse("saved", status=302)
    return HttpResponse(form.as_div())


def test_a_database_error_on_submit_keeps_what_was_typed_and_says_so():
    request = _post({"full_name": "Anna Berg", "motivation": "Lång text som inte får försvinna"})

    response = _form_view(request)

    assert response.status_code == 200
    assert "Lång text som inte får försvinna" in response.content.decode()
    assert [str(m) for m in get_messages(request)] == [str(DATABASE_ERROR_MESSAGE)]
    assert not User.objects.filter(email="typed@example.org").exists()  # the service rolled back


def test_without_an_error_the_block_is_transparent():
    request = _post({"full_name": "Anna"})
    form = NameForm(request.POST)

    with keep_form_on_db_error(request, form) as outcome:
        pass

    assert outcome.failed is False
    assert list(get_messages(request)) == []


def test_other_errors_are_not_swallowed():
    request = _post({})

    with pytest.raises(ValueError), keep_form_on_db_error(request, NameForm()):
        raise ValueError("a bug, not bad luck")


class Exploding(FormView):
    def form_valid(self, form):
        raise DatabaseError("deadlock detected")


class MixinView(KeepFormOnDatabaseErrorMixin, Exploding):
    form_class = NameForm
    template_name = "privacy/delete.html"
    success_url = "/done/"


def test_the_mixin_re_renders_the_bound_form():
    request = _post({"full_name": "Anna Berg", "motivation": "Min text"})
    request.user = User(email="x@example.org")

    response = MixinView.as_view()(request)
    response.render()

    assert response.status_code == 200
    assert "Min text" in response.content.decode()
