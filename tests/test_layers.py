"""Every module imports only layers below its own (the table in docs/design.md), and inside the
engine each family of good deeds imports only itself and the shared top-level modules (issue 18).

The table is read from docs/design.md, so the document and the rule cannot drift apart. Imports
inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "altruist"
DESIGN = ROOT / "docs" / "design.md"
ENGINE_FAMILIES = {"introductions", "questions", "care", "rounds"}


def layer_levels() -> dict[str, int]:
    """`| level | package | job |` rows of docs/design.md → {layer name: level}."""
    levels: dict[str, int] = {}
    for line in DESIGN.read_text(encoding="utf-8").splitlines():
        row = re.match(r"^\|\s*(\d+)\s*\|([^|]*)\|", line)
        if not row:
            continue
        for name in re.findall(r"`([^`]+)`", row.group(2)):
            levels[name.removesuffix(".py").removesuffix("/")] = int(row.group(1))
    return levels


def is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name / "__init__.py").exists()


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every `altruist` import in the file, at any depth."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "altruist":
                # `from altruist import __version__` names an attribute, not a module.
                found += [
                    (node.lineno, f"altruist.{a.name}" if is_module(a.name) else "altruist")
                    for a in node.names
                ]
            elif node.module.startswith("altruist."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}:{node.lineno}: relative import; use altruist.…")
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("altruist.")]
    return found


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "altruist"


def engine_family(module: str) -> str | None:
    """The family folder of an engine module, "" for a shared engine module, None outside."""
    parts = module.split(".")
    if parts[:2] != ["altruist", "engine"]:
        return None
    return parts[2] if len(parts) > 3 and parts[2] in ENGINE_FAMILIES else ""


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_design_table_names_every_layer() -> None:
    levels = layer_levels()
    layers = {layer_of(module_name(path)) for path in MODULES}
    missing = sorted(layers - set(levels))
    assert not missing, f"layers missing from the table in docs/design.md: {missing}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_lower_layers(path: Path) -> None:
    levels = layer_levels()
    own = layer_of(module_name(path))
    upward = [
        f"line {line}: {target} (level {levels[layer_of(target)]} ≥ {levels[own]})"
        for line, target in imported_modules(path)
        if layer_of(target) != own and levels[layer_of(target)] >= levels[own]
    ]
    assert not upward, f"{own} (level {levels[own]}) imports a layer not below it: {upward}"


@pytest.mark.parametrize(
    "path",
    sorted((PACKAGE / "engine").rglob("*.py")),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_engine_family_imports_only_itself_and_shared_modules(path: Path) -> None:
    family = engine_family(module_name(path))
    crossing = [
        f"line {line}: {target}"
        for line, target in imported_modules(path)
        if engine_family(target) not in (None, "", family)
    ]
    assert not crossing, f"engine/{family or '(shared)'} imports another family: {crossing}"


def test_the_rule_catches_an_upward_import(tmp_path: Path) -> None:
    """The checker itself can fail: an engine module importing the evaluation is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from altruist.eval.networks import load_networks\n")
    levels = layer_levels()
    targets = [target for _, target in imported_modules(bad)]
    assert targets == ["altruist.eval.networks"]
    assert levels[layer_of(targets[0])] >= levels["engine"]
    assert engine_family("altruist.engine.care.asks") == "care"
    assert engine_family("altruist.engine.drafts") == ""
