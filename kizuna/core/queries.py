"""Reads reused by pages, the API and exports."""


from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from . import rules as core_rules
from .enums import OrgKind
from .models import ApiToken, Invitation, Membership, Organisation, SearchAlias
from .search import search_names

# What the directory page shows of each organisation (core/_directory.html): loading only these makes a page of
# 50 a third cheaper to read.
DIRECTORY_COLUMNS = ("pk", "code", "name", "name_kana", "name_en", "kind", "municipality_type", "abolished_on",
                     "prefecture__name", "prefecture__name_en")


def directory(user, *, query: str = "", kind: str = "", prefecture: int | None = None, version: str | None = None,
              columns: tuple[str, ...] | None = None):
    """The organisation directory: by name, reading (kana or romaji), English name, code or alias, best match
    first (kizuna/core/directory.py); without a query, in the order of kind and code. `version`: the
    `directory_version()` the caller read already; `columns`: only these are loaded (`DIRECTORY_COLUMNS`), and
    the successors are left to `with_successors`, for the abolished ones of a page."""
    qs = Organisation.objects.visible_to(user).select_related("prefecture")
    qs = qs.only(*columns) if columns else qs.prefetch_related("successors")
    if kind:
        qs = qs.filter(kind=kind)
    if prefecture:
        qs = qs.filter(Q(prefecture_id=prefecture) | Q(pk=prefecture))
    if query and query.strip():
        return search_names("organisations", query, qs, version=version)
    return qs.order_by("kind", "code", "name")


def with_successors(rows) -> None:
    """The successors of the abolished organisations among `rows` (a page of the directory), in one query; none
    when no row is abolished, as on most pages."""
    abolished = [org for org in rows if org.abolished_on]
    if abolished:
        prefetch_related_objects(abolished, Prefetch("successors", queryset=Organisation.objects.only("pk", "name")))


def directory_version() -> str:
    """Changes whenever an organisation is added, removed, (de)activated or saved, or a search alias added or
    removed (the directory's index and pages): one small aggregate query, in SQL because the ORM's aggregate()
    doubles its cost (0.7 ms instead of 0.3 ms over 2,000 rows). Read once a directory page.

    Writes that bypass `save()` (queryset `update()`, `save(update_fields=…)` without `updated_at`) must
    touch `updated_at`, or cached directory pages stay as they were for up to their time in the cache."""
    table = connection.ops.quote_name(Organisation._meta.db_table)
    aliases = connection.ops.quote_name(SearchAlias._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), SUM(CASE WHEN is_active THEN 1 ELSE 0 END), MAX(updated_at), "
                       f"(SELECT COUNT(*) FROM {aliases}), (SELECT MAX(id) FROM {aliases}) FROM {table}")
        count, active, last, alias_count, last_alias = cursor.fetchone()
    return f"{count}.{active}.{last}:{alias_count}.{last_alias}"


def directory_cache_parts(user, params, *, language: str, partial: bool, version: str) -> list:
    """What a rendered directory page depends on: its query string, language and audience (CLAIR staff see
    inactive organisations and may add one), and `version`, the `directory_version()` of the organisations and
    their aliases."""
    audience = "".join(str(int(x)) for x in (core_rules.is_clair_staff(user), user.has_perm("core.add_organisation"),
                                             user.has_perm("core.manage_search_aliases")))
    query = "&".join(f"{k}={v}" for k, values in sorted(params.lists()) for v in values)
    return [language, audience, int(partial), version, query]


def prefectures() -> QuerySet:
    return Organisation.objects.filter(kind=OrgKind.PREFECTURE).order_by("code")


def branch_for(organisation: Organisation) -> Organisation | None:
    """The CLAIR branch that serves a local government: its designated city's, else its prefecture's."""
    candidates = [organisation.pk]
    if organisation.parent_id:
        candidates.append(organisation.parent_id)
    if organisation.prefecture_id:
        candidates.append(organisation.prefecture_id)
    branches = {
        b.local_government_id: b
        for b in Organisation.objects.filter(kind=OrgKind.BRANCH, local_government_id__in=candidates)
    }
    for pk in candidates:
        if pk in branches:
            return branches[pk]
    return None


def members_of(organisation: Organisation) -> QuerySet:
    return (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("person")
        .order_by("role", "person__full_name", "person__email")
    )


def organisation_summary(organisation: Organisation) -> dict:
    counts = Membership.objects.active().filter(organisation=organisation).aggregate(
        members=Count("id"), admins=Count("id", filter=Q(role="admin"))
    )
    return counts


def pending_invitations(organisation: Organisation) -> QuerySet:
    return Invitation.objects.pending().filter(organisation=organisation).select_related("invited_by")


def my_open_items(user) -> dict:
    """What the home page lists for this person: their organisations, invitations waiting for them, and,
    for organisation administrators, invitations they sent that are not yet answered."""
    if not user.is_authenticated:
        return {}
    memberships = core_rules.memberships_of(user)
    admin_orgs = [m.organisation_id for m in memberships if m.role == "admin"]
    return {
        "memberships": memberships,
        "invitations_for_me": list(Invitation.objects.pending().filter(email__iexact=user.email)
                                   .select_related("organisation")),
        "invitations_sent": list(Invitation.objects.pending().filter(organisation_id__in=admin_orgs)
                                 .select_related("organisation")),
        "api_tokens": ApiToken.objects.active().filter(person=user).count(),
    }


def search_aliases() -> list:
    """Every alias with the record it names (organisations for now), newest first."""
    aliases = list(SearchAlias.objects.select_related("content_type", "created_by").order_by("-created_at"))
    orgs = Organisation.objects.in_bulk([a.object_id for a in aliases if a.content_type.model == "organisation"])
    for alias in aliases:
        alias.named = orgs.get(alias.object_id) if alias.content_type.model == "organisation" else None
    return aliases
