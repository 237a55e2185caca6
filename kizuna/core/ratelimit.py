"""A count of actions per key and window in the shared cache (every app server sees it): for public forms that
send mail (a subscribe form must not become a way to flood someone's mailbox)."""

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def allow(key: str, *, limit: int, seconds: int) -> bool:
    """True while `key` has been used fewer than `limit` times in the current window of `seconds`."""
    name = f"kizuna:rate:{key}"
    if cache.add(name, 1, timeout=seconds):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr: a new window
        cache.add(name, 1, timeout=seconds)
        return True
    return count <= limit


def client_address(request) -> str | None:
    """The client's address as the login rate limits find it: allauth's adapter trusts only the proxies the
    settings name (ALLAUTH_TRUSTED_PROXY_COUNT, ..._CLIENT_IP_HEADER), never an X-Forwarded-For anyone can write."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no address at all
        return None
    except ImproperlyConfigured:  # fewer forwarded addresses than trusted proxies: not through them
        return request.META.get("REMOTE_ADDR")
