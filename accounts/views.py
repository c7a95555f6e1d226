"""Sign-in: ask for a link by e-mail, then open it. Staff may also use the admin's password login."""

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mentorship.i18n import current_language

from . import ratelimit, services
from .forms import SignInLinkForm

LINKS_PER_ADDRESS = 5
LINKS_PER_IP = 20
LINK_WINDOW = 15 * 60


def safe_next(request, url: str | None) -> str:
    """`url` if it points to this site, else ''."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _link_form(initial_next: str = "") -> SignInLinkForm:
    return SignInLinkForm(initial={"next": initial_next})


@require_http_methods(["GET", "POST"])
def login_view(request):
    """Ask for a sign-in link. The answer never says whether the address has an account."""
    if request.method == "GET":
        next_url = safe_next(request, request.GET.get("next"))
        return render(request, "accounts/login.html", {"form": _link_form(next_url)})
    form = SignInLinkForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/login.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    allowed = ratelimit.hit("signin-ip", ratelimit.client_ip(request), limit=LINKS_PER_IP, window=LINK_WINDOW)
    allowed = allowed and ratelimit.hit("signin-email", email, limit=LINKS_PER_ADDRESS, window=LINK_WINDOW)
    if not allowed:
        form.add_error(
            None,
            _("Too many sign-in links were asked for. Please wait 15 minutes and try again."),
        )
        return render(request, "accounts/login.html", {"form": form}, status=429)
    services.send_sign_in_link(
        email, next_url=safe_next(request, form.cleaned_data["next"]), language=current_language()
    )
    return render(request, "accounts/link_sent.html", {"email": email})


@never_cache
@require_http_methods(["GET", "POST"])
def link_view(request):
    """Open a sign-in link: GET checks it and asks to confirm, POST uses it up and signs in.

    The link is used up on POST only, so mail scanners that fetch links do not spend it.
    """
    token = request.POST.get("sesame") if request.method == "POST" else request.GET.get("sesame")
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "GET":
        user = authenticate(request, sesame=token) if token else None  # checks, does not use up
        if user is None:
            return _link_refused(request, next_url)
        context = {"token": token, "next": next_url, "link_user": user}
        return render(request, "accounts/link_confirm.html", context)
    # Through authenticate() with the request, so django-axes sees it like any sign-in.
    user = authenticate(request, sesame=token) if token else None
    if user is None:
        return _link_refused(request, next_url)
    login(request, user)  # sets last_login, which makes the link (and older ones) unusable
    return redirect(next_url or reverse(settings.LOGIN_REDIRECT_URL))


def _link_refused(request, next_url: str):
    context = {"form": _link_form(next_url)}
    return render(request, "accounts/link_invalid.html", context, status=400)
