"""The package shows the pipeline: a subpackage per stage, layered (the contracts in pyproject.toml, checked by
`lint-imports` in `make test`), no import circle between modules, and a dashboard that only lays out the page."""

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("base", "timex", "reading", "coding", "store", "app")


def test_layers_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


def test_no_import_circle_between_modules():
    graph = grimp.build_graph("events")
    modules = sorted(m for m in graph.modules if m != "events")
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("events.") and imported != module:
                back = graph.find_shortest_chain(importer=imported, imported=module)
                assert back is None, f"import circle: {module} -> {' -> '.join(back)}"


def test_each_stage_is_a_subpackage_with_its_docstring():
    for stage in STAGES:
        init = ROOT / "events" / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "In:" in doc and "Public names" in doc, f"events/{stage}/__init__.py must say its stage, inputs, outputs and public names"
    flat = sorted(p.name for p in (ROOT / "events").glob("*.py"))
    assert flat == ["__init__.py", "__main__.py", "cli.py"], f"modules outside a stage: {flat}"


def test_data_files_live_beside_their_stage():
    assert not (ROOT / "events" / "data").exists()
    for data in (ROOT / "events").glob("*/data/*"):
        assert data.parent.parent.name in STAGES


def test_the_dashboard_imports_only_the_app_and_public_names():
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "events":
            assert node.module == "events.app" or node.module.startswith("events.app.") or node.module == "events", f"dashboard.py imports {node.module}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                assert not alias.name.startswith("events.") or alias.name.startswith("events.app"), f"dashboard.py imports {alias.name}"
