"""Why a measurement missed its target: the slowest SQL statement of a request, explained.

The request is repeated in the benchmark process (same code, same database) while its statements
are captured; the slowest is run again under EXPLAIN (ANALYZE, BUFFERS). The summary keeps the
plan's lines that usually say why: scans, sorts, rows removed by a filter, buffers, the total.
"""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

KEY_WORDS = (
    "Scan",
    "Sort",
    "Rows Removed",
    "Buffers: shared",
    "Execution Time",
    "Planning Time",
    "Aggregate",
    "Limit",
    "Join",
    "Loop",
)
SUMMARY_LINES = 14


def slowest_statement(function, containing=None):
    """Call function, capturing its SQL; return (ms of the call, ms of all SQL, statements, the slowest SQL).

    With containing, the statement returned is the slowest of those whose SQL holds that text.
    """
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        function()
        elapsed = (time.perf_counter() - start) * 1000
    queries = [(float(query["time"]) * 1000, query["sql"]) for query in captured.captured_queries]
    sql_ms = sum(ms for ms, _sql in queries)
    chosen = [(ms, sql) for ms, sql in queries if containing is None or containing in sql]
    slowest = max(chosen, default=(0.0, ""))
    return elapsed, sql_ms, len(queries), slowest


def explain(sql):
    """Return the EXPLAIN (ANALYZE, BUFFERS) plan of one read-only statement, as lines."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return [row[0] for row in cursor.fetchall()]


def summary(plan):
    """Return the plan's telling lines: the top node, then scans, filters, buffers and times."""
    if not plan:
        return []
    lines = [plan[0].strip()]
    for line in plan[1:]:
        if any(word in line for word in KEY_WORDS):
            lines.append(line.rstrip())
    if len(lines) > SUMMARY_LINES:
        lines = lines[: SUMMARY_LINES - 2] + [line for line in lines if "Time:" in line]
    return lines


def why(function, containing=None):
    """Return a dict saying where a slow call spends its time, with the slowest statement explained.

    With containing, the statement explained is the slowest whose SQL holds that text.
    """
    elapsed, sql_ms, count, (slowest_ms, sql) = slowest_statement(function, containing)
    plan = explain(sql) if sql.lstrip().upper().startswith(("SELECT", "WITH")) else []
    return {
        "call_ms": round(elapsed, 1),
        "sql_ms": round(sql_ms, 1),
        "statements": count,
        "slowest_ms": round(slowest_ms, 1),
        "explained": "the slowest" if containing is None else "the slowest holding `" + containing + "`",
        "slowest_sql": sql[:4000],
        "plan": plan,
        "summary": summary(plan),
    }
