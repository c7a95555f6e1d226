"""What every page's menu needs to know about the signed-in user's pairs."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def my_pairs(request) -> dict:
    """`my_pairs`: the user's published pairs, read only when a template asks (the menu does)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_pairs": []}
    return {"my_pairs": SimpleLazyObject(lambda: selectors.published_pairs_of(user))}
