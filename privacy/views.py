import json

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mentorship.scoping import is_staff_member
from programs.models import Program

from . import selectors
from .forms import DeleteAccountForm
from .services.erasure import delete_account


@never_cache
@login_required
def my_data(request):
    """What we hold about you, the download, and the way to delete your account."""
    data = selectors.export_for(request.user)
    return render(
        request,
        "privacy/my_data.html",
        {"data": data, "form": DeleteAccountForm(user=request.user), "can_delete": not request.user.is_staff},
    )


@never_cache
@login_required
def export(request):
    """Everything about the signed-in person as a JSON file."""
    payload = json.dumps(
        selectors.export_for(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Confirm, then anonymise and delete the account, sign out and say so."""
    if request.user.is_staff:
        messages.error(request, _("Staff accounts are removed by an administrator."))
        return redirect("privacy:my_data")
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(request.user)
        logout(request)
        messages.success(
            request, _("Your account is deleted. A confirmation is on its way to your e-mail address.")
        )
        return redirect("programs:home")
    return render(request, "privacy/delete.html", {"form": form})


def notice(request, slug):
    """A program's privacy notice, its version and how long data is kept."""
    program = get_object_or_404(Program, slug=slug)
    return render(request, "privacy/notice.html", {"program": program})


@staff_member_required
def retention(request):
    """For staff: per round, when its personal data is anonymised and what is still there."""
    if not is_staff_member(request.user):
        raise PermissionDenied  # reviewers: they read and score applications, nothing else
    rows = selectors.retention_overview(request.user)
    return render(request, "privacy/retention.html", {"rows": rows, "now": timezone.now()})
