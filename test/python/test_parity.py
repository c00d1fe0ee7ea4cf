"""Parity: every Python example synthesizes the same objects as its TypeScript twin (examples/python/*.ts),
object for object: the Python bindings pass the same props to the same construct."""
import pytest

from conftest import EXAMPLES, run_python, run_typescript_twin

PAIRS = [(p.stem, p.stem.replace("_", "-")) for p in sorted(EXAMPLES.glob("*.py"))]


def test_every_python_example_has_a_typescript_twin():
    assert len(PAIRS) >= 3
    for _, twin in PAIRS:
        assert (EXAMPLES / f"{twin}.ts").is_file(), f"examples/python/{twin}.ts is missing"


@pytest.mark.parametrize("example,twin", PAIRS)
def test_python_output_equals_typescript_output(example, twin, tmp_path):
    (tmp_path / "py").mkdir()
    (tmp_path / "ts").mkdir()
    python = run_python(EXAMPLES / f"{example}.py", tmp_path / "py")
    typescript = run_typescript_twin(twin, tmp_path / "ts")
    assert [o["kind"] for o in python] == [o["kind"] for o in typescript]
    for py_object, ts_object in zip(python, typescript):
        assert py_object == ts_object
    # Not two empty or trivial streams: a planned Deployment is in both
    assert any(o["kind"] == "Deployment" and o["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > 30 for o in python)
