"""README.md's Python quickstart: its first ```python block is a complete program, run here exactly as written; the
YAML block under the marker in docs/python.md is that program's real output (GRACEFUL_K8S_UPDATE_README=1 rewrites it)."""
import os
import re
import subprocess
import sys

import yaml

from conftest import REPO, only

README = REPO / "README.md"
PYTHON_PAGE = REPO / "docs" / "python.md"
MARKER = "<!-- python: the output of the README's Python program (test/python/test_readme.py) -->"


def python_section(text: str) -> str:
    start = text.index("\n## Quickstart: Python")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def first_python_block(text: str) -> str:
    match = re.search(r"^```python\n(.*?)^```$", text, re.M | re.S)
    assert match, "README.md has no ```python block"
    return match.group(1)


def test_the_first_python_block_of_the_readme_is_in_the_python_quickstart():
    text = README.read_text()
    assert first_python_block(text) == first_python_block(python_section(text))


def test_the_readme_program_runs_as_written_and_its_output_is_the_readme_yaml(tmp_path):
    text = README.read_text()
    program = tmp_path / "main.py"
    program.write_text(first_python_block(text))
    done = subprocess.run([sys.executable, str(program)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "terminationGracePeriodSeconds: 40\n"
    synthesized = (tmp_path / "dist" / "web.k8s.yaml").read_text()

    objects = [o for o in yaml.safe_load_all(synthesized) if o]
    pod = only(objects, "Deployment")["spec"]["template"]["spec"]
    # drainDelay 5 s + appShutdownTimeout 30 s + safetyMargin 5 s, the native preStop sleep for the drain
    assert pod["terminationGracePeriodSeconds"] == 40
    assert pod["containers"][0]["lifecycle"]["preStop"] == {"sleep": {"seconds": 5}}
    assert only(objects, "PodDisruptionBudget")["spec"]["maxUnavailable"] == 1

    page = PYTHON_PAGE.read_text()
    block = re.compile(re.escape(MARKER) + r"\n```yaml\n(.*?)```\n", re.S)
    match = block.search(page)
    assert match, "docs/python.md lost the README program's output block"
    if os.environ.get("GRACEFUL_K8S_UPDATE_README") == "1":
        PYTHON_PAGE.write_text(page[: match.start(1)] + synthesized + page[match.end(1):])
        return
    assert match.group(1) == synthesized, "docs/python.md's output of the README program is stale: GRACEFUL_K8S_UPDATE_README=1 npm run test:python"


def test_the_jsii_package_readme_program_runs_as_written(tmp_path):
    # jsii/README.md is the page PyPI and the other registries show for the package
    program = tmp_path / "main.py"
    program.write_text(first_python_block((REPO / "jsii" / "README.md").read_text()))
    done = subprocess.run([sys.executable, str(program)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    objects = [o for o in yaml.safe_load_all((tmp_path / "dist" / "web.k8s.yaml").read_text()) if o]
    # kube-proxy's 5 s lag + 30 s + 5 s margin
    assert only(objects, "Deployment")["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] == 40
