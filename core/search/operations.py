"""Migration helpers for what only PostgreSQL has: GIN indexes, tsvector triggers, pg_trgm."""

from django.db.migrations.operations.base import Operation


class PostgreSQLOnly(Operation):
    """Apply the wrapped operation's schema change on PostgreSQL only; the model state changes everywhere."""

    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return ("core.search.operations.PostgreSQLOnly", [self.operation], {})

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return self.operation.migration_name_fragment
