"""Reads that every request makes, compiled to SQL once per process instead of once per request.

Django turns a queryset into SQL each time it runs it. For the few reads every page makes (the
session, the signed-in applicant, the menu's pairs) that costs the web process more than the
database spends running them: on the load bench about a fifth of a simple page's CPU.

`Prepared(build, **sentinels)` keeps the queryset as the one definition of the read: `build`
returns it for the given values, and is called once per database with the sentinels, values
that occur nowhere else in the query. Where the sentinels land in the SQL parameters the real
values go on each run. Querysets of model instances (select_related included) or of
`values_list` rows, without prefetch_related or annotations, and values the database takes as
they are (integers and strings): the result is what `list(build(**values))` would give.
"""

from collections.abc import Callable
from threading import Lock

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)

# Sentinels: values no row has (ids are positive, keys and roles never start with "-").
NO_ID, NO_OTHER_ID, NO_TEXT = -7_000_000_001, -7_000_000_002, "-prepared-"


class Prepared:
    def __init__(self, build: Callable[..., QuerySet], **sentinels: int | str):
        self.build, self.sentinels = build, sentinels
        self._compiled: dict[str, tuple] = {}
        self._lock = Lock()

    def __call__(self, using: str = "default", **values: int | str) -> list:
        """`list(build(**values))`, read from the database `using`."""
        sql, params, slots, converters, shape = self._compiled.get(using) or self._compile(using)
        params = list(params)
        for name, positions in slots.items():
            for position in positions:
                params[position] = values[name]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [_converted(row, converters, connection) for row in rows]
        return shape(using, rows)

    def _compile(self, using: str) -> tuple:
        queryset = self.build(**self.sentinels)
        if queryset._prefetch_related_lookups:
            raise ValueError("Prepared reads no prefetch_related (prefetch_related_objects after)")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = {
            name: [n for n, param in enumerate(params) if type(param) is type(value) and param == value]
            for name, value in self.sentinels.items()
        }
        if missing := [name for name, positions in slots.items() if not positions]:
            raise ValueError(f"the query does not take {missing} as a parameter as it is")
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(fields)
        iterable = queryset._iterable_class
        if iterable is ModelIterable:  # as ModelIterable builds them, select_related included
            if compiler.annotation_col_map:
                raise ValueError("Prepared reads no annotations on model instances")
            select, klass_info = compiler.select, compiler.klass_info
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            model, init_list = klass_info["model"], [column[0].target.attname for column in select[start:end]]

            def shape(db, rows):
                populators = get_related_populators(klass_info, select, db)
                objects = []
                for row in rows:
                    obj = model.from_db(db, init_list, row[start:end])
                    for populator in populators:
                        populator.populate(row, obj)
                    objects.append(obj)
                return objects

        elif iterable is FlatValuesListIterable:

            def shape(db, rows):
                return [row[0] for row in rows]

        elif iterable is ValuesListIterable:

            def shape(db, rows):
                return [tuple(row) for row in rows]

        else:
            raise ValueError(f"Prepared reads model instances or values_list rows, not {iterable.__name__}")
        compiled = (sql, tuple(params), slots, converters, shape)
        with self._lock:
            self._compiled[using] = compiled
        return compiled


def _converted(row, converters: dict, connection) -> list:
    """The row with the fields' from-database conversions applied (as the compiler does)."""
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row
