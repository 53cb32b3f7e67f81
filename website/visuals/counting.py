"""Count public claims in groups of regions (a region and those inside it), in one grouped statement.

A claim tagged with several regions of one group counts once in it, and once in every group it falls
in. The groups go to the database as a VALUES list of (region, group) pairs (a common table expression,
which PostgreSQL and SQLite both read) joined to the claims' region links, so one sort answers every
group; a distinct count per group (a FILTER each) sorted the links once per group.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection

from strategies.models import Evidence


def _pairs(mapping):
    """Return the VALUES list and its parameters of {group: ids} as (id, group) rows."""
    rows = [(member, group) for group, members in mapping.items() for member in members]
    return ", ".join(["(%s, %s)"] * len(rows)), [value for row in rows for value in row]


def claims_in_groups(claims, groups, categories=None):
    """Return {group: n}, or {(group, category): n} with categories, of the distinct claims in each group.

    groups maps a group key (a region id) to the region ids it counts; categories maps a category key
    to strategy ids, a claim counting in the category of its strategy.
    """
    if not groups or (categories is not None and not categories):
        return {}
    through = Evidence.regions.through._meta.db_table
    evidence = Evidence._meta.db_table
    try:
        claims_sql, claims_params = claims.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return {}  # claims.none(): a filter named nothing public
    group_values, group_params = _pairs(groups)
    if categories is None:
        sql = (
            f"WITH g(region_id, group_id) AS (VALUES {group_values}) "
            f"SELECT g.group_id, NULL, COUNT(DISTINCT l.evidence_id) FROM {through} l "
            f"JOIN g ON g.region_id = l.region_id "
            f"WHERE l.evidence_id IN ({claims_sql}) GROUP BY g.group_id"
        )
        params = [*group_params, *claims_params]
    else:
        category_values, category_params = _pairs(categories)
        sql = (
            f"WITH g(region_id, group_id) AS (VALUES {group_values}), "
            f"c(strategy_id, group_id) AS (VALUES {category_values}) "
            f"SELECT g.group_id, c.group_id, COUNT(DISTINCT l.evidence_id) FROM {through} l "
            f"JOIN g ON g.region_id = l.region_id "
            f"JOIN {evidence} e ON e.id = l.evidence_id "
            f"JOIN c ON c.strategy_id = e.strategy_id "
            f"WHERE l.evidence_id IN ({claims_sql}) GROUP BY g.group_id, c.group_id"
        )
        params = [*group_params, *category_params, *claims_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if categories is None:
        return {group: count for group, _category, count in found}
    return {(group, category): count for group, category, count in found}
