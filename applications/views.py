from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .models import Application


@login_required
def my_applications(request):
    applications = (
        Application.objects.filter(applicant=request.user)
        .select_related("round__program")
        .order_by("-created_at")
    )
    return render(request, "applications/mine.html", {"applications": applications})


@login_required
def start(request, slug, role):
    """Placeholder until the application form exists: back to the list."""
    return redirect("applications:mine")
