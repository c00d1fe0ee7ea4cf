"""Parity: every Python example synthesizes the same objects as its TypeScript twin (examples/python/*.ts), object
for object: through the jsii package's own JavaScript (the Python bindings pass the same props to the same
construct), and through the TypeScript entry point graceful-k8s/cdk8s-plus-34 (the root package's adapter: the
numbers and the rendering come from one place)."""
import os

import pytest

from conftest import EXAMPLES, REPO, run_python, run_typescript_twin

PAIRS = [(p.stem, p.stem.replace("_", "-")) for p in sorted(EXAMPLES.glob("*.py"))]

# Each build of the twins: the jsii package's npm tarball always; the root's graceful-k8s/cdk8s-plus-34 entry point
# where this tree has it (src/cdk8s-plus-34, branch lines), and then it must have been built.
BUILDS = ["GRACEFUL_K8S_TS_TWINS"]
if (REPO / "src" / "cdk8s-plus-34").is_dir() or os.environ.get("GRACEFUL_K8S_TS_ENTRY_TWINS"):
    BUILDS.append("GRACEFUL_K8S_TS_ENTRY_TWINS")


def test_every_python_example_has_a_typescript_twin():
    assert len(PAIRS) >= 3
    for _, twin in PAIRS:
        assert (EXAMPLES / f"{twin}.ts").is_file(), f"examples/python/{twin}.ts is missing"


@pytest.mark.parametrize("build", BUILDS, ids=lambda b: "jsii-package" if b == "GRACEFUL_K8S_TS_TWINS" else "graceful-k8s/cdk8s-plus-34")
@pytest.mark.parametrize("example,twin", PAIRS)
def test_python_output_equals_typescript_output(example, twin, build, tmp_path):
    assert os.environ.get(build), f"{build} is not set: jsii/test-python.sh builds the twins"
    (tmp_path / "py").mkdir()
    (tmp_path / "ts").mkdir()
    python = run_python(EXAMPLES / f"{example}.py", tmp_path / "py")
    typescript = run_typescript_twin(twin, tmp_path / "ts", os.environ[build])
    assert [o["kind"] for o in python] == [o["kind"] for o in typescript]
    for py_object, ts_object in zip(python, typescript):
        assert py_object == ts_object
    # Not two empty or trivial streams: a planned workload is in both
    assert any(o["kind"] in ("Deployment", "StatefulSet") and o["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > 30 for o in python)
