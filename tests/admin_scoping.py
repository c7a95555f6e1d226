"""Shared checks for the program scoping of one admin (used by tests/<app>/test_admin_scoping*.py).

Each check takes a Django test client, the admin's "app_label.model" and a row of the program
of the `round_` fixture, and asserts what a coordinator of another program, a lead and a
coordinator of that program may do with it.
"""

from django.urls import reverse


def url(label: str, view: str, *args) -> str:
    app_label, model = label.split(".")
    return reverse(f"admin:{app_label}_{model}_{view}", args=args)


def assert_outsider_sees_nothing(client, label: str, obj, *, empty: bool = True) -> None:
    """Changelist empty (or at least without `obj` when the outsider has rows of their own);
    change, history and delete pages 404 by guessed id; the delete action does nothing."""
    response = client.get(url(label, "changelist"))
    assert response.status_code == 200
    assert not response.context["cl"].queryset.filter(pk=obj.pk).exists()
    if empty:
        assert response.context["cl"].result_count == 0
    for view in ("change", "history", "delete"):
        assert client.get(url(label, view, obj.pk)).status_code == 404, view
    assert client.post(url(label, "delete", obj.pk), {"post": "yes"}).status_code == 404
    client.post(
        url(label, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()


def assert_reads_only(client, label: str, obj) -> None:
    """The row is listed and its page opens read-only; saving, deleting and the action do nothing."""
    response = client.get(url(label, "changelist"))
    assert response.context["cl"].result_count >= 1
    page = client.get(url(label, "change", obj.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert page.context["has_delete_permission"] is False
    assert client.post(url(label, "change", obj.pk), {}).status_code == 403
    assert client.post(url(label, "delete", obj.pk), {"post": "yes"}).status_code == 403
    client.post(
        url(label, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert client.get(url(label, "add")).status_code == 403


def assert_may_change(client, label: str, obj) -> None:
    """The row's page opens for editing."""
    page = client.get(url(label, "change", obj.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is True


def assert_reviewer_refused(client, label: str, obj) -> None:
    """A reviewer of the row's program: the list is refused (403), the row's pages are not
    theirs (403 or 404), nothing is deleted, and the admin index does not offer the list."""
    assert client.get(url(label, "changelist")).status_code == 403
    for view in ("change", "history", "delete"):
        assert client.get(url(label, view, obj.pk)).status_code in (403, 404), view
    assert client.post(url(label, "delete", obj.pk), {"post": "yes"}).status_code in (403, 404)
    client.post(
        url(label, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert url(label, "changelist") not in client.get(reverse("admin:index")).content.decode()
