"""The social-media calendar in the API: posts (CLAIR staff), by office, account, state and period, and one post."""

from datetime import datetime, time

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kizuna.core.api import Pages
from kizuna.core.api_permissions import MAX_ID, allowed, loaded, parse_id
from kizuna.core.schemas import BoundedDate, with_errors

from . import queries
from .enums import Platform, PostStatus
from .models import Post
from .schemas import PostOut

router = Router(tags=["social"])


@router.get("/posts", response=with_errors(list[PostOut], 401, 403, 422), auth=allowed("social.view_calendar"))
@paginate(Pages, page_size=50)
def social_list_posts(request, office: str = Query("", max_length=40), account: int | None = Query(
        None, ge=1, le=MAX_ID), platform: Platform | None = None, status: PostStatus | None = None,
        planned_from: BoundedDate | None = None, planned_until: BoundedDate | None = None):
    """Posts by the time they are planned for, narrowed by the office's short name (`bej`), an account, a
    platform, a state and the days planned (inclusive)."""
    qs = queries.posts(request.user).select_related("account__holder").order_by("planned_at", "pk")
    if office:
        qs = qs.filter(account__holder__slug=office)
    if account:
        qs = qs.filter(account_id=account)
    if platform:
        qs = qs.filter(account__platform=platform)
    if status:
        qs = qs.filter(status=status)
    zone = timezone.get_current_timezone()
    if planned_from:
        qs = qs.filter(planned_at__gte=timezone.make_aware(datetime.combine(planned_from, time.min), zone))
    if planned_until:
        qs = qs.filter(planned_at__lte=timezone.make_aware(datetime.combine(planned_until, time.max), zone))
    return qs


def _post(request, post_id, **kwargs):
    return get_object_or_404(Post.objects.visible_to(request.user).select_related("account__holder"),
                             pk=parse_id(post_id))


@router.get("/posts/{post_id}", response=with_errors(PostOut, 401, 404, 422),
            auth=allowed("social.view_post", get_object=_post))
def social_get_post(request, post_id: int = Path(..., ge=1, le=MAX_ID)):
    """One post."""
    return loaded(request)
