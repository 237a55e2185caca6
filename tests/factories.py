"""One factory per model, with no surprises."""

import base64
import secrets

import factory
from allauth.account.models import EmailAddress

from kizuna.core.codes import with_check_digit
from kizuna.core.enums import MunicipalityType, OrgKind, Role
from kizuna.core.mfa import activate_totp
from kizuna.core.models import ApiToken, Membership, Organisation, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.jp")
    full_name = factory.Sequence(lambda n: f"Person {n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def add_totp(user) -> str:
    """Give a person a TOTP authenticator (CLAIR staff need one); returns the secret."""
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    activate_totp(user, secret)
    return secret


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrgKind.OTHER
    name = factory.Sequence(lambda n: f"団体{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        org = model_class(*args, **kwargs)
        org.refresh_search_text()
        org.save()
        return org


class PrefectureFactory(OrganisationFactory):
    kind = OrgKind.PREFECTURE
    municipality_type = MunicipalityType.PREFECTURE
    code = factory.Sequence(lambda n: with_check_digit(f"{(n % 47) + 1:02d}000"))
    name = factory.Sequence(lambda n: f"県{n}")


class MunicipalityFactory(OrganisationFactory):
    kind = OrgKind.MUNICIPALITY
    municipality_type = MunicipalityType.CITY
    code = factory.Sequence(lambda n: with_check_digit(f"{(n % 47) + 1:02d}{(n // 47) % 899 + 201:03d}"))
    name = factory.Sequence(lambda n: f"市{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.STAFF


def make_token(user, name="test"):
    from kizuna.core.services import create_api_token

    record, token = create_api_token(by=user, name=name)
    return record, token


__all__ = ["UserFactory", "OrganisationFactory", "PrefectureFactory", "MunicipalityFactory",
           "MembershipFactory", "ApiToken", "add_totp", "make_token", "PASSWORD"]


def arrange_update(queryset, **values) -> int:
    """Set fields directly to arrange a test's world (a date in the past, a counter): not a business action,
    so not logged, and refused to the code under test (kizuna/core/audit.py)."""
    from kizuna.core.audit import unlogged

    with unlogged("arranging a test"):
        return queryset.update(**values)
