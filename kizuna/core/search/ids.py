"""The records of a queryset among a list of ids: what both searches ask after ranking (which of the best
matches may the asker see, and the records of a page)."""

from django.db import connections
from django.db.models import F, Lookup


class _AnyOf(Lookup):
    """`column = ANY(%s)`: the ids as one array parameter. With a list of a few hundred ids, `IN (%s, %s, …)`
    costs on PostgreSQL what the query itself costs: the ORM prepares each id, psycopg splits a statement too
    long for its cache at every placeholder and quotes each value (220 ids of research answers: 1.46 → 0.89 ms,
    0.84 → 0.46 ms of it the process's CPU)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs_sql} = ANY(%s)", (*lhs_params, self.rhs)


def among(queryset, ids, field: str = "pk"):
    """`queryset.filter(<field>__in=ids)`, the ids as one parameter on PostgreSQL (SQLite binds each cheaply)."""
    ids = list(ids)
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(_AnyOf(F(field), ids))
    return queryset.filter(**{f"{field}__in": ids})
