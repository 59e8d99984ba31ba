"""Statements PostgreSQL parses and plans once per database session instead of on every request.

The members' pages run two statements per request whose planning cost as much as running them (the survey lookup,
the stored submission). A named prepared statement lives as long as the session; Django keeps a session for
CONN_MAX_AGE, so each is prepared once per connection the first time it is needed there, and again on the next
connection. Which driver connection a statement was prepared on is kept on Django's connection object, which one
thread uses.
"""

from django.db import DatabaseError

GONE = "26000"  # invalid_sql_statement_name: no statement of that name in this session
OUT_OF_DATE = "0A000"  # feature_not_supported: "cached plan must not change result type"


class Prepared:
    def __init__(self, name: str, types: list[str], body: str):
        """`body` uses $1, $2... for the parameters, of the PostgreSQL `types` given."""
        self.name = name
        self.prepare = f"PREPARE {name}({', '.join(types)}) AS {body}"
        self.execute_sql = f"EXECUTE {name}({', '.join(['%s'] * len(types))})"

    def execute(self, cursor, params: list) -> None:
        db = cursor.db
        prepared_on = db.__dict__.setdefault("surveys_prepared_on", {})
        if prepared_on.get(self.name) is not db.connection:
            cursor.execute(self.prepare)
            prepared_on[self.name] = db.connection
        try:
            cursor.execute(self.execute_sql, params)
        except DatabaseError as error:
            # Gone (DISCARD ALL by a pooler) or out of date (its tables changed shape under it): prepare it afresh
            # and run it again. Not inside a transaction, which the error has aborted: there it fails as it is.
            if db.in_atomic_block or getattr(error.__cause__, "pgcode", None) not in (GONE, OUT_OF_DATE):
                raise
            cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [self.name])
            if cursor.fetchone() is not None:
                cursor.execute(f"DEALLOCATE {self.name}")
            cursor.execute(self.prepare)
            cursor.execute(self.execute_sql, params)
