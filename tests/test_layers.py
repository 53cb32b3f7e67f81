"""The layers point one way (docs/architecture.md, Layers): read from the code's imports, not run.

core knows no app; each domain app imports only core and the apps below it; website sits on top.
No module imports another in a loop, and none reaches into another module's private names.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lowest first. A new top-level package must take its place here.
LAYERS = ["core", "sources", "orgs", "strategies", "website"]
# Tools that stand beside the product and may use any layer; nothing imports them.
TOOLS = ["bench", "tests", "scripts"]


def package_modules():
    """Return {dotted module name: path} of every Python file in the layered packages."""
    modules = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = package_modules()


def resolve(module, node):
    """Return the absolute module an ImportFrom names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if not MODULES[module].name == "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def owner(name):
    """Return the module of MODULES that a dotted import name lands in, or None (Django, the standard library)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def imports(module):
    """Yield (imported module, names taken from it, line) for every import in a module, inside functions too."""
    tree = ast.parse(MODULES[module].read_text(), filename=str(MODULES[module]))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            source = resolve(module, node)
            for alias in node.names:
                # `from package import module` imports the module itself.
                submodule = f"{source}.{alias.name}"
                if submodule in MODULES:
                    yield submodule, [], node.lineno
                else:
                    yield source, [alias.name], node.lineno


def graph():
    """Return {module: {imported module of the project: [lines]}}."""
    edges = {}
    for module in MODULES:
        edges[module] = {}
        for name, _names, line in imports(module):
            target = owner(name)
            if target is not None and target != module:
                edges[module].setdefault(target, []).append(line)
    return edges


def layer(module):
    return LAYERS.index(module.split(".")[0])


def test_every_top_level_package_has_a_layer():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert packages - set(LAYERS) - set(TOOLS) == set()


def test_no_module_imports_from_a_layer_above_its_own():
    upward = [
        f"{module} (line {lines[0]}) imports {target}"
        for module, targets in graph().items()
        for target, lines in targets.items()
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_no_modules_import_each_other_in_a_loop():
    edges = graph()
    loops, state = [], {}

    def visit(module, path):
        state[module] = "open"
        for target in edges[module]:
            if state.get(target) == "open":
                loops.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in edges:
        if module not in state:
            visit(module, [module])
    assert loops == []


def test_no_module_takes_a_private_name_from_another():
    private = [
        f"{module} (line {line}) takes {', '.join(names)} from {name}"
        for module in MODULES
        for name, names, line in imports(module)
        if owner(name) not in (None, module) and any(n.startswith("_") for n in names)
    ]
    assert private == []


def test_no_module_calls_a_private_name_of_a_module_it_imported():
    found = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text())
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = resolve(module, node)
                for alias in node.names:
                    if f"{source}.{alias.name}" in MODULES:
                        aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if owner(alias.name):
                        aliases[alias.asname or alias.name.split(".")[0]] = alias.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(f"{module} (line {node.lineno}) uses {aliases[node.value.id]}.{node.attr}")
    assert found == []


def test_the_walk_sees_imports_of_both_forms_and_inside_functions():
    # The checks above are only as good as this reading: if it missed imports they would pass on
    # anything. `from website.search import service` is the module; `from core.csv.resources import
    # CHUNK_SIZE` is a name of that module; a relative import resolves to its package.
    edges = graph()
    assert {"website.search.service", "core.csv.resources", "core.languages"} <= set(edges["website.csv.tables"])
    assert "core.search.indexing" in edges["core.search.signals"]
    assert "core.search.signals" in edges["core.apps"]  # imported inside ready()
