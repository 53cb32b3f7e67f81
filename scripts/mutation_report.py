"""Print the killed share of each guarded module from mutmut's results; exit 1 when one is under the target.

The guarded modules are `only_mutate` in pyproject.toml's [tool.mutmut], narrowed to some functions
by [tool.mutmut.guards]; mutmut keeps each mutant's outcome in mutants/<module>.py.meta.
`--names` prints the mutant names `make mutate` passes to `mutmut run` instead.
"""

import fnmatch
import json
import sys
import tomllib
from pathlib import Path

TARGET = 0.90
# mutmut's exit codes (mutmut/stats.py): 1 and 3 a test failed, 0 every test passed, 5 and 33 no
# test covers the mutant, the others a run stopped by its time limit.
KILLED = {1, 3}
SURVIVED = {0}
NO_TESTS = {5, 33}
TIMEOUT = {36, 24, -24, 152, 255}
COLUMNS = ["mutants", "killed", "survived", "no tests", "timeout", "not run", "other"]


def settings(root):
    return tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]


def name_patterns(config, module):
    """Return the mutmut name patterns of a module's guarded functions (all of them by default)."""
    dotted = module.removesuffix(".py").replace("/", ".")
    functions = config.get("guards", {}).get(module)
    if not functions:
        return [f"{dotted}.*"]
    patterns = []
    for function in functions:
        owner, _, method = function.rpartition(".")
        mangled = f"xǁ{owner}ǁ{method}" if owner else f"x_{method}"
        patterns.append(f"{dotted}.{mangled}__mutmut_*")
    return patterns


def check(config):
    """Return what makes the configuration inconsistent: every guarded module needs its tests."""
    modules, tests = config["only_mutate"], config.get("tests", {})
    problems = [f"{module} has no entry in [tool.mutmut.tests]" for module in modules if module not in tests]
    problems += [f"[tool.mutmut.tests] names {module}, not in only_mutate" for module in tests if module not in modules]
    selection = set(config["pytest_add_cli_args_test_selection"])
    wanted = {path for paths in tests.values() for path in paths}
    problems += [f"{path} is missing from pytest_add_cli_args_test_selection" for path in sorted(wanted - selection)]
    problems += [f"{path} in pytest_add_cli_args_test_selection serves no module" for path in selection - wanted]
    return problems


def counts(codes):
    """Return the count of mutants per outcome."""
    found = dict.fromkeys(COLUMNS, 0)
    for code in codes:
        found["mutants"] += 1
        if code is None:
            found["not run"] += 1
        elif code in KILLED:
            found["killed"] += 1
        elif code in SURVIVED:
            found["survived"] += 1
        elif code in NO_TESTS:
            found["no tests"] += 1
        elif code in TIMEOUT:
            found["timeout"] += 1
        else:
            found["other"] += 1
    return found


def share(found):
    """Return the share of mutants the tests detect: a test failed (killed) or the run hit its time limit."""
    if not found["mutants"]:
        return 1.0
    return (found["killed"] + found["timeout"]) / found["mutants"]


def report(root, config):
    print(f"| module | {' | '.join(COLUMNS)} | share |")
    print(f"| --- | {' | '.join('---:' for _ in COLUMNS)} | ---: |")
    below, survivors = [], []
    for module in config["only_mutate"]:
        meta = root / "mutants" / f"{module}.meta"
        if not meta.exists():
            print(f"| {module} | no results: run `make mutate` |")
            below.append(module)
            continue
        patterns = name_patterns(config, module)
        codes = {
            name: code
            for name, code in json.loads(meta.read_text("utf-8"))["exit_code_by_key"].items()
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
        }
        found = counts(codes.values())
        label = f"{module} (guards)" if module in config.get("guards", {}) else module
        print(f"| {label} | {' | '.join(str(found[name]) for name in COLUMNS)} | {share(found):.1%} |")
        if share(found) < TARGET:
            below.append(module)
        survivors += [name for name, code in codes.items() if code is not None and code not in KILLED | TIMEOUT]
    if survivors:
        print("\nNot killed (`mutmut show NAME` shows the change):")
        print("\n".join(f"  {name}" for name in survivors))
    if below:
        print(f"\nUnder the {TARGET:.0%} target: {', '.join(below)}.")
        return 1
    return 0


def main(argv, root=Path(".")):
    config = settings(root)
    problems = check(config)
    if problems:
        print("pyproject.toml [tool.mutmut]: " + "; ".join(problems), file=sys.stderr)
        return 2
    if "--names" in argv:
        print("\n".join(pattern for module in config["only_mutate"] for pattern in name_patterns(config, module)))
        return 0
    return report(root, config)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
