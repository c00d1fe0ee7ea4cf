"""The venv's cdk8s trio is the one the jsii package is built against (npm and PyPI publish the same versions)."""
import json
import re

from conftest import REPO


def test_requirements_pin_the_jsii_packages_npm_versions():
    dev = json.loads((REPO / "jsii" / "package.json").read_text())["devDependencies"]
    text = (REPO / "test" / "python" / "requirements.txt").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", text, re.M))
    for name in ("cdk8s", "cdk8s-plus-34", "constructs"):
        assert pins[name] == dev[name], f"{name}: requirements.txt {pins[name]}, jsii/package.json {dev[name]}"
    # The Python jsii runtime at the release of the jsii-pacmak that built the wheel
    assert pins["jsii"] == dev["jsii-pacmak"]
