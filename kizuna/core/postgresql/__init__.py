"""Kizuna's PostgreSQL backend: Django's, plus the locale that Japanese text needs.

`pg_trgm` and case-insensitive matching only understand Japanese when the database's LC_CTYPE is a UTF-8
locale; Kizuna standardises on C.UTF-8 (code-point order, the same as SQLite). Django's own backend can only
choose the encoding and template of its test database, so this one adds LC_COLLATE / LC_CTYPE from
``DATABASES[...]["TEST"]`` and warns (kizuna.W001) when a database runs with another ctype.
"""
