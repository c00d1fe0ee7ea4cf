"""Runs cdk8s programs (Python in this venv, TypeScript twins with node) and reads the YAML they synthesize."""
import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "python"


def _read_dist(cwd: Path) -> list:
    """Every object of every dist/*.k8s.yaml, files in name order, objects in file order."""
    files = sorted((cwd / "dist").glob("*.k8s.yaml"))
    assert files, f"no dist/*.k8s.yaml in {cwd}"
    return [doc for f in files for doc in yaml.safe_load_all(f.read_text()) if doc is not None]


def run_python(program: Path, cwd: Path) -> list:
    """Runs a Python cdk8s program in `cwd` (a fresh folder) and returns the objects it synthesized."""
    done = subprocess.run([sys.executable, str(program)], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"{program.name} failed:\n{done.stderr}"
    return _read_dist(cwd)


def run_typescript_twin(name: str, cwd: Path, twins: str) -> list:
    """Runs the TypeScript twin `examples/python/<name>.ts`, compiled in the project `twins`, in `cwd` and returns the
    objects it synthesized."""
    twins = Path(twins)
    done = subprocess.run(["node", str(twins / "out" / f"{name}.js")], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NODE_PATH": ""})
    assert done.returncode == 0, f"{name}.ts failed:\n{done.stderr}"
    return _read_dist(cwd)


def only(objects: list, kind: str) -> dict:
    """The one object of `kind`."""
    found = [o for o in objects if o["kind"] == kind]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]
