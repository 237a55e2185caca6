"""The backend module that ``ENGINE = "kizuna.core.postgresql"`` names (see the package docstring)."""

import re

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.validation import BaseDatabaseValidation
from django.db.backends.postgresql import base, creation

WANTED_CTYPE = "C.UTF-8"
LOCALE_NAME = re.compile(r"^[A-Za-z0-9_.@-]+$")


def is_c_utf8(locale_name: str) -> bool:
    """PostgreSQL reports the locale as the OS spells it: C.UTF-8, C.utf8, …"""
    return locale_name.lower().replace("-", "") == "c.utf8"


class DatabaseCreation(creation.DatabaseCreation):
    def sql_table_creation_suffix(self) -> str:
        suffix = super().sql_table_creation_suffix()
        test = self.connection.settings_dict["TEST"]
        extra = ""
        for option in ("LC_COLLATE", "LC_CTYPE"):
            value = test.get(option)
            if not value:
                continue
            if not LOCALE_NAME.match(value):
                raise ImproperlyConfigured(f"TEST {option} {value!r} is not a locale name")
            extra += f" {option} '{value}'"
        if not extra:
            return suffix
        return (suffix or "WITH") + extra


class DatabaseValidation(BaseDatabaseValidation):
    def check(self, **kwargs):
        issues = super().check(**kwargs)
        with self.connection.cursor() as cursor:
            cursor.execute("SHOW LC_CTYPE")
            ctype = cursor.fetchone()[0]
        if not is_c_utf8(ctype):
            issues.append(
                checks.Warning(
                    f"Database '{self.connection.alias}' has LC_CTYPE {ctype!r}; "
                    f"Kizuna expects {WANTED_CTYPE!r} for Japanese text search.",
                    hint="Create it with: createdb -T template0 -E UTF8 --lc-ctype=C.UTF-8 "
                    "--lc-collate=C.UTF-8 NAME (docs/deploy-at-scale.md).",
                    id="kizuna.W001",
                )
            )
        return issues


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
    validation_class = DatabaseValidation
