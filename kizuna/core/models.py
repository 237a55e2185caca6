"""Organisations, people, memberships, invitations and API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .audit import AuditedQuerySet
from .codes import validate_lgcode
from .countries import country_name
from .enums import CLAIR_KINDS, WORKING_ROLES, MunicipalityType, OrgKind, Role
from .paths import path_of
from .policies import VisibleQuerySet, policy_of
from .text import normalise


class UserManager(BaseUserManager.from_queryset(AuditedQuerySet)):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. What they may do follows from their memberships."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    full_name_kana = models.CharField(_("name (kana)"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=[("ja", "日本語"), ("en", "English")], default="ja"
    )
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    audit_masked = ("password",)
    audit_untracked = ("last_login",)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email

    def has_perm(self, perm, obj=None) -> bool:
        """Kizuna's permissions are answered by their policy alone (kizuna/core/policies.py): a superuser holds
        what the policy gives them, so that rules like "only the counsellors on the case" hold for everyone.
        Without a record, an active superuser keeps Django's answer (yes), which the admin site relies on, except
        for a confidential policy's permissions (counselling)."""
        try:
            policy = policy_of(perm)
        except KeyError:
            return super().has_perm(perm, obj)
        if not self.is_active:
            return False
        if obj is None and self.is_superuser and not policy.confidential:
            return True
        return policy.allows(self, perm, obj)


class OrganisationQuerySet(VisibleQuerySet):
    def clair(self):
        return self.filter(kind__in=CLAIR_KINDS)

    def local_governments(self):
        return self.filter(kind__in=[OrgKind.PREFECTURE, OrgKind.MUNICIPALITY, OrgKind.WARD])



class Organisation(models.Model):
    STAFF_EDITABLE = ("name_kana", "name_en", "website", "email", "catchphrase")

    kind = models.CharField(_("kind"), max_length=16, choices=OrgKind.choices, db_index=True)
    code = models.CharField(
        _("local-government code"), max_length=6, unique=True, null=True, blank=True,
        validators=[validate_lgcode],
        help_text=_("6-digit 全国地方公共団体コード with its check digit, for local governments."),
    )
    name = models.CharField(_("name (Japanese)"), max_length=200)
    name_kana = models.CharField(_("name (kana)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    municipality_type = models.CharField(
        _("type of local government"), max_length=16, choices=MunicipalityType.choices, blank=True, default=""
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    prefecture = models.ForeignKey(
        "self", verbose_name=_("prefecture"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    local_government = models.OneToOneField(
        "self", verbose_name=_("local government served (branches)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="branch",
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    catchphrase = models.CharField(_("catchphrase"), max_length=300, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Tokyo")
    city = models.CharField(_("city (overseas offices)"), max_length=100, blank=True)
    established = models.PositiveSmallIntegerField(_("year established"), null=True, blank=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # A local government abolished (a merger, a reorganisation of wards) is kept, inactive, with the day it ended
    # and the bodies that took over, so that earlier records stay attached (kizuna/core/reference.py).
    abolished_on = models.DateField(_("abolished on"), null=True, blank=True)
    successors = models.ManyToManyField("self", verbose_name=_("successors"), symmetrical=False, blank=True,
                                        related_name="predecessors")
    search_text = models.TextField(editable=False, default="")
    # The values of staff-editable fields as the reference data last gave them: a reload overwrites a field
    # only while staff have not changed it (see kizuna/core/reference.py).
    reference_values = models.JSONField(editable=False, default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    audit_untracked = ("search_text", "updated_at")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__isnull=True) | Q(kind__in=["prefecture", "municipality", "ward"]),
                name="org_code_only_for_local_governments",
            ),
        ]
        indexes = [
            models.Index(fields=["prefecture", "kind"]),
            # `queries.directory_version` reads count, active count and latest change on every directory page:
            # from this narrow index instead of the wide rows (PostgreSQL: 1.2 ms -> 0.2 ms over 2,000 rows).
            models.Index(fields=["updated_at", "is_active"], name="organisation_version"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return path_of("core:organisation", self.pk)

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    @property
    def secondary_name(self) -> str:
        return self.name if get_language() == "en" else self.name_en

    @property
    def is_clair(self) -> bool:
        return self.kind in CLAIR_KINDS

    def build_search_text(self) -> str:
        parts = [self.name, self.name_kana, self.name_en, self.code or "", self.slug or "", self.city]
        if self.prefecture_id and self.prefecture_id != self.pk:
            pref = self.prefecture
            parts += [pref.name, pref.name_kana, pref.name_en]
        if self.parent_id and self.parent_id != self.prefecture_id:
            parts += [self.parent.name, self.parent.name_kana, self.parent.name_en]
        return normalise(" ".join(p for p in parts if p))

    def refresh_search_text(self) -> None:
        self.search_text = self.build_search_text()


class CoveredCountry(models.Model):
    """A country an overseas office covers (ISO 3166-1 alpha-2). Editable data."""

    office = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="covered_countries",
        limit_choices_to={"kind": OrgKind.OVERSEAS_OFFICE},
    )
    country = models.CharField(_("country"), max_length=2)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("covered country")
        verbose_name_plural = _("covered countries")
        constraints = [models.UniqueConstraint(fields=["country"], name="country_covered_by_one_office")]
        ordering = ["office", "country"]

    def __str__(self) -> str:

        return country_name(self.country)


class MembershipQuerySet(VisibleQuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    division = models.CharField(_("division"), max_length=150, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"], condition=Q(ended_at__isnull=True),
                name="one_active_membership_per_role",
            )
        ]
        ordering = ["organisation__kind", "organisation__name", "role"]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_working(self) -> bool:
        return self.role in WORKING_ROLES


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(VisibleQuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    VALID_FOR = timedelta(days=14)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.STAFF)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    audit_masked = ("token_hash",)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash(token)

    @classmethod
    def find(cls, token: str):
        return cls.objects.pending().filter(token_hash=_hash(token)).select_related("organisation").first()


class ApiTokenQuerySet(VisibleQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    PREFIX = "kzn_"

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(pgettext_lazy("api token", "name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    audit_masked = ("token_hash",)
    audit_untracked = ("last_used_at",)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def new_token(cls) -> tuple[str, str, str]:
        token = cls.PREFIX + secrets.token_urlsafe(32)
        return token, _hash(token), token[: len(cls.PREFIX) + 4]

    @classmethod
    def authenticate(cls, token: str):
        found = cls.objects.active().filter(token_hash=_hash(token)).select_related("person").first()
        if found is None or not found.person.is_active:
            return None
        return found


class SearchAliasQuerySet(VisibleQuerySet):
    def for_model(self, model) -> dict[int, list[str]]:
        aliases: dict[int, list[str]] = {}
        for object_id, text in self.filter(content_type=ContentType.objects.get_for_model(model)).values_list(
                "object_id", "text"):
            aliases.setdefault(object_id, []).append(text)
        return aliases


class SearchAlias(models.Model):
    """Another name a record is searched by, added by staff: クレア本部 for headquarters, 韓国 for the Seoul office."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    text = models.CharField(_("another name"), max_length=100)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SearchAliasQuerySet.as_manager()

    class Meta:
        verbose_name = _("search alias")
        verbose_name_plural = _("search aliases")
        ordering = ["text"]
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id", "text"],
                                               name="one_alias_per_record")]

    def __str__(self) -> str:
        return self.text

    @property
    def record(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id)


class SearchDocument(models.Model):
    """A record as the full-text search knows it (kizuna.core.search.fulltext): one row per registered search
    and record, with the text its highlights are cut from. The terms live in the database's own index beside
    it: the FTS5 table `core_searchdocument_fts` on SQLite (rowid = this id), the `vector` tsvector column with
    a GIN index on PostgreSQL and the titles' terms in `core_searchdocument_titles` (id = this id). Written only
    by `fulltext`, derived from records that are audited themselves."""

    audited = False

    search = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=8, blank=True)
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["search", "object_id"], name="one_document_per_record")]

    def __str__(self) -> str:
        return f"{self.search} {self.object_id}"
