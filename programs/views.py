from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import Program


def home(request):
    rounds = selectors.open_and_upcoming_rounds().order_by("applications_open")
    return render(request, "programs/home.html", {"rounds": rounds})


def program_detail(request, slug):
    program = get_object_or_404(selectors.public_programs(), slug=slug)
    rounds = selectors.public_rounds().filter(program=program)
    return render(request, "programs/program.html", {"program": program, "rounds": rounds})


def round_detail(request, slug):
    round_ = get_object_or_404(selectors.public_rounds(), slug=slug)
    return render(request, "programs/round.html", {"round": round_, "program": round_.program})


__all__ = ["Program"]
