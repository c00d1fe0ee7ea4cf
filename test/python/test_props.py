"""Every row of docs/python.md's TypeScript-to-Python table, from Python: each enum, enum-like class and struct reaches the
plan through the jsii bridge (one program, one chart per case)."""
import subprocess
import sys
import textwrap

import yaml

PROGRAM = textwrap.dedent("""
    from cdk8s import App, Chart, Duration
    import cdk8s_plus_34 as kplus
    from graceful_k8s_cdk8s_plus_34 import (AppImage, Framework, GracefulDeployment, GracefulQuit, PodCount,
        PodDisruptionBudgetPolicy, PreStopMode, RolloutProps, ShutdownProps, Sidecar)

    app = App()
    def deployment(name, pdb=None, **shutdown):
        GracefulDeployment(Chart(app, name), "app", replicas=2, pod_disruption_budget=pdb,
                           containers=[kplus.ContainerProps(image="app:1", port_number=8080)],
                           shutdown=ShutdownProps(app_shutdown_timeout=Duration.seconds(20), **shutdown))

    deployment("nginx-stop-signal", framework=Framework.nginx(quit_via=GracefulQuit.STOP_SIGNAL), kubernetes_version="1.33")
    deployment("istio-native", sidecar=Sidecar.istio(native=True))
    deployment("distroless-129", image=AppImage.DISTROLESS, kubernetes_version="1.29")
    deployment("exec-sleep", pre_stop=PreStopMode.EXEC_SLEEP)
    deployment("surge-one", rollout=RolloutProps(max_surge=PodCount.absolute(1), max_unavailable=PodCount.percent(0)))
    deployment("no-pdb", pdb=PodDisruptionBudgetPolicy.NONE)
    app.synth()
""")


def synth(tmp_path) -> dict:
    (tmp_path / "props.py").write_text(PROGRAM)
    done = subprocess.run([sys.executable, "props.py"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {f.name.removesuffix(".k8s.yaml"): [o for o in yaml.safe_load_all(f.read_text()) if o]
            for f in (tmp_path / "dist").glob("*.k8s.yaml")}


def test_each_enum_and_enum_like_class_of_the_readme_table_reaches_the_plan(tmp_path):
    charts = synth(tmp_path)

    def pod(name):
        return next(o for o in charts[name] if o["kind"] == "Deployment")["spec"]["template"]

    # GracefulQuit.STOP_SIGNAL on 1.33: lifecycle.stopSignal (KEP-4960) instead of a SIGQUIT from preStop
    assert pod("nginx-stop-signal")["spec"]["containers"][0]["lifecycle"]["stopSignal"] == "SIGQUIT"
    # Sidecar.istio(native=True): the pod pins native sidecar injection
    assert pod("istio-native")["metadata"]["annotations"]["sidecar.istio.io/nativeSidecar"] == "true"
    # AppImage.DISTROLESS below 1.30: the copied static sleep (an init container copies busybox)
    distroless = pod("distroless-129")["spec"]
    assert [c["image"] for c in distroless["initContainers"]] == ["busybox:1.36.1-uclibc"]
    assert distroless["containers"][0]["lifecycle"]["preStop"]["exec"]["command"][-2:] == ["sleep", "5"]
    # PreStopMode.EXEC_SLEEP even on 1.30: sleep from the image
    assert pod("exec-sleep")["spec"]["containers"][0]["lifecycle"]["preStop"] == {"exec": {"command": ["sleep", "5"]}}
    # PodCount: a number and a percentage
    surge = next(o for o in charts["surge-one"] if o["kind"] == "Deployment")
    assert surge["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": "0%"}
    # PodDisruptionBudgetPolicy.NONE: no budget although there are 2 replicas (AUTO creates one, as in exec-sleep)
    assert [o["kind"] for o in charts["no-pdb"]] == ["Deployment"]
    assert "PodDisruptionBudget" in [o["kind"] for o in charts["exec-sleep"]]
