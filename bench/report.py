"""Write the benchmark's figures: docs/benchmarks.md (tables, targets met or missed, why) and the raw JSON."""

import json
import os
import platform
import subprocess
from pathlib import Path

from django.db import connection

from core.search.backends import CANDIDATES

SECTIONS = [
    "# Benchmarks",
    "## Machine and data",
    "## Targets",
    "## Search by kind of query",
    "## Every search query",
    "## Pages",
    "## Throughput",
    "## CSV exports",
    "## Why targets were missed",
]


def machine():
    """Return the facts of the machine and database the figures were taken on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        memory_kb = 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": postgres,
        "shared_buffers": shared_buffers,
        "commit": commit,
    }


def _mark(met):
    return "met" if met else "**missed**"


def _ms(value):
    return f"{value:,.1f}"


def targets(results):
    """Return (target, measured, met) rows for every target of issue 10 the benchmark measures."""
    rows = []
    search = results["search"]
    kinds = search["kinds"]
    slow = [kind["label"] for kind in kinds if not kind["p95_met"]]
    rows.append(
        (
            f"search p95 ≤ {search['target_p95_ms']} ms for every kind",
            f"{len(kinds) - len(slow)} of {len(kinds)} kinds" + (f"; missed: {', '.join(slow)}" if slow else ""),
            not slow,
        )
    )
    slower = [kind["label"] for kind in kinds if not kind["exact_met"]]
    rows.append(
        (
            "search page time ≤ exact-ranking SQL time for every kind",
            f"{len(kinds) - len(slower)} of {len(kinds)} kinds" + (f"; slower: {', '.join(slower)}" if slower else ""),
            not slower,
        )
    )
    exact = sum(kind["top20_exact"] or 0 for kind in kinds)
    of = sum(kind["top20_of"] or 0 for kind in kinds)
    rows.append(("top 20 exact for one- and two-word queries", f"{exact} of {of} passages", exact == of))
    phrase = search.get("phrase_plans", {})
    if phrase:
        indexed = all(plan["uses_index"] for plan in phrase.values())
        rows.append(
            (
                "phrase queries match through the index, not a table scan",
                "; ".join(f"{q}: {plan['access']}" for q, plan in phrase.items()),
                indexed,
            )
        )
    pages = results["pages"]
    for page in pages["pages"]:
        growth = f", {page['growth']}× its first page" if page.get("growth") is not None else ""
        rows.append(
            (
                f"{page['page']}: p95 ≤ {page['target_ms']} ms"
                + (f", ≤ {pages['target_growth']}× first page" if page.get("first_page") else ""),
                f"p95 {_ms(page['p95_ms'])} ms{growth}",
                page["met"],
            )
        )
    throughput = pages["throughput"]
    for run in throughput["runs"]:
        rows.append(
            (
                f"search-and-list mix, {run['threads']} client threads: ≥ {throughput['target_requests_per_second']} "
                f"requests/s, p95 ≤ {throughput['target_p95_ms']} ms, no errors",
                f"{run['requests_per_second']} requests/s, p95 {_ms(run['p95_ms'])} ms, {run['errors']} errors",
                run["met"],
            )
        )
    export = results["export"]
    for row in export["exports"]:
        rows.append(
            (
                f"{row['export']}: ≥ {export['target_copy_share']:.0%} of COPY's rows/s",
                f"{row['rows_per_second']:,} against {row['copy_rows_per_second']:,} rows/s "
                f"({row['share_of_copy']:.0%})",
                row["speed_met"],
            )
        )
        rows.append(
            (
                f"{row['export']}: worker peak RSS ≤ {export['target_rss_mb']} MB",
                f"{row['rss_peak_mb']} MB (before: {row['rss_before_mb']} MB)",
                row["memory_met"],
            )
        )
        rows.append(
            (
                f"{row['export']}: first byte ≤ {export['target_first_byte_ms']} ms",
                f"{row['first_byte_ms']} ms",
                row["first_byte_met"],
            )
        )
    search_csv = export["search"]
    rows.append(
        (
            f"search CSV ({search_csv['query']!r}) holds every match, or the page and the file say how many rows",
            f"{search_csv['rows']:,} rows of {search_csv['matches']:,} matches"
            + (
                f'; the page says "{search_csv["page_note"]}", the file is named {search_csv["file_name"]}'
                if search_csv.get("stated")
                else ""
            ),
            search_csv["every_match"] or search_csv.get("stated", False),
        )
    )
    return rows


def markdown(results):
    """Return docs/benchmarks.md as text."""
    facts, data = results["machine"], results["data"]
    out = [
        SECTIONS[0],
        "",
        f"Written by `make bench` on {results['date']} (commit {facts['commit']}); raw figures in "
        f"`{results['json_name']}`. Every request goes through gunicorn with the production settings "
        f"({results['workers']} workers × {results['threads']} threads) on the loopback; "
        f"times are wall-clock milliseconds seen by the client. {results['note']}",
        "",
        SECTIONS[1],
        "",
        "| fact | value |",
        "| --- | --- |",
        f"| CPUs | {facts['cpus']} × {facts['cpu']} |",
        f"| memory | {facts['memory_gb']} GB |",
        f"| load average at the start (1, 5, 15 min) | {', '.join(map(str, results['load_before']))} |",
        f"| load average at the end | {', '.join(map(str, facts['load_average']))} |",
        f"| PostgreSQL | {facts['postgresql']}, shared_buffers {facts['shared_buffers']} |",
        f"| Python | {facts['python']} |",
        f"| database size | {data['database_size']} (passages with their indexes: {data['passages_size']}) |",
        f"| file cache | {results.get('prewarmed', 'as the machine left it')} |",
        "",
        "| table | rows |",
        "| --- | ---: |",
    ]
    out += [f"| {table} | {count:,} |" for table, count in data["rows"].items()]
    build = data["build"]
    if build["built"]:
        out += ["", f"Built by this run in {build['seconds']['total']:.0f} s:"]
        out += ["", "| step | seconds |", "| --- | ---: |"]
        out += [f"| {step} | {seconds} |" for step, seconds in build["seconds"].items()]
    elif build.get("earlier") and "total" in build["earlier"].get("seconds", {}):
        earlier = build["earlier"]
        out += ["", f"The data was built by an earlier run ({earlier['date']}) in {earlier['seconds']['total']:.0f} s:"]
        out += ["", "| step | seconds |", "| --- | ---: |"]
        out += [f"| {step} | {seconds} |" for step, seconds in earlier["seconds"].items()]
    else:
        out += ["", "The data was built by an earlier run and reused."]
    out += ["", SECTIONS[2], "", "| target | measured | |", "| --- | --- | --- |"]
    out += [f"| {target} | {measured} | {_mark(met)} |" for target, measured, met in targets(results)]

    search = results["search"]
    shares = search["shares"]
    out += [
        "",
        SECTIONS[3],
        "",
        f"Queries drawn with seed {search['seed']}: common words from ranks in "
        f"{shares['common'][1]:.0%}-{shares['common'][0]:.0%} of passages, mid words in "
        f"{shares['mid'][1]:.1%}-{shares['mid'][0]:.1%}, rare under {shares['rare'][0]:.1%}. "
        "Exact SQL: every match of every record type scored with `ts_rank`, filters applied, the page's "
        "rows taken (what an exact first page costs today).",
        "",
        "| kind | queries | requests | p50 ms | p95 ms | exact SQL p50 ms | page slower than exact | top 20 exact "
        "| p95 target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for kind in search["kinds"]:
        top = f"{kind['top20_exact']}/{kind['top20_of']}" if kind["top20_of"] is not None else ""
        out.append(
            f"| {kind['label']} | {kind['queries']} | {kind['requests']} | {_ms(kind['p50_ms'])} | "
            f"{_ms(kind['p95_ms'])} | {_ms(kind['exact_sql_p50_ms'])} | {kind['slower_than_exact']} of "
            f"{kind['queries']} | {top} | {_mark(kind['p95_met'])} |"
        )
    out += [
        "",
        SECTIONS[4],
        "",
        "| kind | page | query | filters | passages matched | p50 ms | p95 ms | exact SQL ms | top 20 exact |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in search["queries"]:
        filters = ", ".join(f"{key}={value}" for key, value in row["filters"].items())
        top = f"{row['top20_exact']}/{row['top20_of']}" if row["top20_of"] is not None else ""
        drawn = " (drawn)" if row["drawn"] else ""
        query = row["q"].replace("|", "\\|")
        out.append(
            f"| {row['kind']} | /{row['language']}/ p{row['page']} | `{query}`{drawn} | {filters} | "
            f"{row['passages_matched']:,} ({row['share']:.1%}) | {_ms(row['p50_ms'])} | {_ms(row['p95_ms'])} | "
            f"{_ms(row['exact_sql_ms'])} | {top} |"
        )

    pages = results["pages"]
    out += [
        "",
        SECTIONS[5],
        "",
        "| page | path | size kB | p50 ms | p95 ms | × first page | target |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for page in pages["pages"]:
        growth = page.get("growth")
        out.append(
            f"| {page['page']} | `{page['path']}` | {page['bytes'] / 1024:,.0f} | {_ms(page['p50_ms'])} | "
            f"{_ms(page['p95_ms'])} | {growth if growth is not None else ''} | {_mark(page['met'])} |"
        )
    if pages.get("worker_rss_mb"):
        out += [
            "",
            f"Resident memory of the gunicorn workers after the searches and these pages: "
            f"{', '.join(f'{mb} MB' for mb in pages['worker_rss_mb'])} (the exports below start fresh workers).",
        ]
    throughput = pages["throughput"]
    out += [
        "",
        SECTIONS[6],
        "",
        f"The search-and-list mix: {throughput['paths']} paths (the page-1 searches above and the list and "
        "detail pages, the matrix and the drawn views aside), drawn at random by each client thread for a fixed time.",
        "",
        "| client threads | seconds | requests | requests/s | p50 ms | p95 ms | errors | target |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for run in throughput["runs"]:
        out.append(
            f"| {run['threads']} | {run['seconds']} | {run['requests']:,} | {run['requests_per_second']} | "
            f"{_ms(run['p50_ms'])} | {_ms(run['p95_ms'])} | {run['errors']} | {_mark(run['met'])} |"
        )

    export = results["export"]
    out += [
        "",
        SECTIONS[7],
        "",
        "COPY: `COPY (SELECT the export's columns with its public filters) TO STDOUT WITH (FORMAT csv)` "
        "read by psycopg. RSS: the largest resident set of a gunicorn worker while the file streamed, "
        "read from `/proc/<pid>/status` every 50 ms; the exports run on freshly started workers. "
        "First byte: the response's start, which carries the header row; first row: the first record after it.",
        "",
        "| export | rows | MB | seconds | rows/s | COPY rows | COPY rows/s | share of COPY | first byte ms | "
        "first row ms | worker RSS before / peak MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in export["exports"]:
        out.append(
            f"| {row['export']} | {row['rows']:,} | {row['bytes'] / 1e6:,.1f} | {row['seconds']} | "
            f"{row['rows_per_second']:,} | {row['copy_rows']:,} | {row['copy_rows_per_second']:,} | "
            f"{row['share_of_copy']:.0%} | "
            f"{row['first_byte_ms']} | {row['first_row_ms']} | {row['rss_before_mb']} / {row['rss_peak_mb']} |"
        )
    search_csv = export["search"]
    out += [
        "",
        f"Search CSV `/en/search/?q={search_csv['query']}&format=csv`: {search_csv['rows']:,} rows for "
        f"{search_csv['matches']:,} matches, {search_csv['seconds']} s, first byte {search_csv['first_byte_ms']} ms.",
    ]

    out += ["", SECTIONS[8], ""]
    explained = [(f"search, {kind['label']}", kind["why"]) for kind in search["kinds"] if "why" in kind] + [
        (f"page, {page['page']}", page["why"]) for page in pages["pages"] if "why" in page
    ]
    explained += [(f"phrase plan, `{q}`", plan) for q, plan in search.get("phrase_plans", {}).items()]
    if not explained:
        out.append("Every target was met.")
    for title, why in explained:
        where = why.get("query") or why.get("page") or ""
        out += [
            f"### {title}",
            "",
            f"`{where}`: in the benchmark's process the call took {why['call_ms']} ms, of which "
            f"{why['sql_ms']} ms in {why['statements']} SQL statements; {why['explained']} took "
            f"{why['slowest_ms']} ms. EXPLAIN (ANALYZE, BUFFERS) of it, its telling lines:",
            "",
            "```",
            *why["summary"],
            "```",
            "",
        ]
    out += _why_search_targets(search["kinds"])
    out += _why_throughput(pages["throughput"])
    for export_row in export["exports"]:
        if not (export_row["speed_met"] and export_row["memory_met"] and export_row["first_byte_met"]):
            out += [
                f"### CSV, {export_row['export']}",
                "",
                f"{export_row['rows_per_second']:,} rows/s through HTTP against {export_row['copy_rows_per_second']:,} "
                f"for COPY of the bare columns: the export's COPY makes every cell in SQL (the formula guard, "
                f"empty cells, dates, addresses) and Python passes each row on; first byte "
                f"{export_row['first_byte_ms']} ms, worker peak {export_row['rss_peak_mb']} MB.",
                "",
            ]
    if not (search_csv["every_match"] or search_csv.get("stated")):
        out += [
            "### Search CSV",
            "",
            f"The file holds {search_csv['rows']:,} rows of {search_csv['matches']:,} matches: the export "
            "reads the newest candidates of each record type only (docs/architecture.md, Search).",
            "",
        ]
    return "\n".join(out).rstrip() + "\n"


def _why_search_targets(kinds):
    """Return the lines saying, with the measured figures, why the exactness targets were missed."""
    out = []
    slower = [kind for kind in kinds if not kind["exact_met"]]
    if slower:
        cheapest = min(kinds, key=lambda kind: kind["exact_sql_p50_ms"])
        out += [
            "### search, page time against exact-ranking SQL",
            "",
            "A page costs more than its statements: its rendering, the other record types' statements and "
            f"the server. The cheapest kind, {cheapest['label']}, takes {cheapest['p50_ms']} ms at p50 through "
            f"HTTP for {cheapest['exact_sql_p50_ms']} ms of exact SQL. The kinds whose page is slower "
            "(page p50 against exact SQL p50): "
            + "; ".join(f"{kind['label']} {kind['p50_ms']} against {kind['exact_sql_p50_ms']} ms" for kind in slower)
            + ".",
            "",
        ]
    inexact = [kind for kind in kinds if kind["top20_of"] and kind["top20_exact"] != kind["top20_of"]]
    if inexact:
        out += [
            "### search, top 20 exact",
            "",
            f"So as not to rank every match, the page ranks the newest {CANDIDATES:,} matches with the stored "
            f"best rows of frequent words, and says above the results that the best of the newest "
            f"{CANDIDATES:,} come first. Exact passages of the top 20, and what ranking every match costs "
            "(the exact SQL, p50): "
            + "; ".join(
                f"{kind['label']} {kind['top20_exact']} of {kind['top20_of']}, {kind['exact_sql_p50_ms']} ms"
                for kind in inexact
            )
            + ".",
            "",
        ]
    return out


def _why_throughput(throughput):
    """Return the lines saying how much CPU a request of the mix cost, when the throughput target was missed."""
    runs = [run for run in throughput["runs"] if not run["met"] and run.get("cpu_ms_per_request")]
    if not runs:
        return []
    cpus = runs[0]["cpus"]
    return [
        "### Throughput",
        "",
        f"{throughput['target_requests_per_second']} requests/s on {cpus} CPUs leaves "
        f"{1000 * cpus / throughput['target_requests_per_second']:.0f} ms of CPU per request. A request of the mix "
        "cost, server and database together (the machine's busy time during the run, read from /proc/stat, less "
        "the client's): "
        + "; ".join(f"{run['cpu_ms_per_request']} ms with {run['threads']} client threads" for run in runs)
        + ".",
        "",
    ]


def write(results, directory):
    """Write benchmarks.md and benchmarks.json into directory; return their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / "benchmarks.json", directory / "benchmarks.md"
    results = {**results, "json_name": json_path.name}
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    return md_path, json_path
