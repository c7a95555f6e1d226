"""Sign-in links in the outbox: sent for no program, so only an administrator sees the row, and
never its link."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.services import send_sign_in_link
from notifications.models import Notification
from tests.factories import StaffFactory, UserFactory


@pytest.fixture
def sign_in_mail(db, django_capture_on_commit_callbacks):
    StaffFactory(email="root@example.org", superuser=True)
    UserFactory(email="anna@example.org")  # staff get no links: an applicant's
    with django_capture_on_commit_callbacks(execute=False):
        send_sign_in_link("anna@example.org")
    return Notification.objects.get()


def test_coordinator_with_view_permission_cannot_read_a_sign_in_link(client, coordinator, sign_in_mail):
    coordinator.user_permissions.add(Permission.objects.get(codename="view_notification"))
    client.force_login(coordinator)

    listing = client.get(reverse("admin:notifications_notification_changelist"))
    assert listing.status_code == 200 and listing.context["cl"].result_count == 0
    change = reverse("admin:notifications_notification_change", args=[sign_in_mail.pk])
    assert client.get(change).status_code == 404


def test_superuser_reads_the_outbox_without_the_signed_links(admin_client, sign_in_mail):
    response = admin_client.get(reverse("admin:notifications_notification_change", args=[sign_in_mail.pk]))

    assert response.status_code == 200
    assert sign_in_mail.context["path"] not in response.content.decode()
