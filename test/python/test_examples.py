"""The Python examples (examples/python/*.py) synthesize the planned numbers through the wheel and the bundled core."""
import subprocess
import sys
import textwrap

from conftest import EXAMPLES, only, run_python


def app_container(deployment: dict) -> dict:
    return deployment["spec"]["template"]["spec"]["containers"][0]


def env_of(container: dict) -> dict:
    return {e["name"]: e.get("value") for e in container.get("env", [])}


def test_web_api_gets_the_default_plan_native_sleep_and_a_40_second_grace_period(tmp_path):
    objects = run_python(EXAMPLES / "web_api.py", tmp_path)
    deployment = only(objects, "Deployment")
    # drainDelay 5 s (default) + appShutdownTimeout 30 s + safetyMargin 5 s (default)
    assert deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] == 40
    container = app_container(deployment)
    # Kubernetes >= 1.30 (the default kubernetesVersion): the native preStop sleep (KEP-3960) for the drain delay
    assert container["lifecycle"]["preStop"] == {"sleep": {"seconds": 5}}
    assert env_of(container)["GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS"] == "30"
    assert deployment["spec"]["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}}
    assert deployment["spec"]["replicas"] == 3
    assert only(objects, "PodDisruptionBudget")["spec"]["maxUnavailable"] == 1
    assert only(objects, "Service")["spec"]["ports"][0]["port"] == 8080


def test_game_server_covers_the_nlb_lag_and_30_minute_rounds(tmp_path):
    objects = run_python(EXAMPLES / "game_server.py", tmp_path)
    deployment = only(objects, "Deployment")
    # drain = the NLB's 120 s lag (the largest of kube-proxy's and the NLB's) + max(20 s, 30 min) + 5 s margin
    assert deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] == 120 + 1800 + 5
    container = app_container(deployment)
    assert container["lifecycle"]["preStop"] == {"sleep": {"seconds": 120}}
    assert env_of(container)["GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS"] == "1800"
    assert deployment["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": 0}
    service = only(objects, "Service")
    # The NLB annotations act only on a LoadBalancer Service: the plan sets the type
    assert service["spec"]["type"] == "LoadBalancer"
    assert "deregistration_delay.timeout_seconds=1925" in (
        service["metadata"]["annotations"]["service.beta.kubernetes.io/aws-load-balancer-target-group-attributes"]
    )
    assert service["spec"]["ports"] == [{"port": 443, "targetPort": 7777}]


def test_spring_registry_deregisters_from_nacos_then_waits_for_the_client_caches(tmp_path):
    objects = run_python(EXAMPLES / "spring_registry.py", tmp_path)
    deployment = only(objects, "Deployment")
    pod = deployment["spec"]["template"]
    # deregistration budget 5 s + Nacos client cache lag 35 s + appShutdownTimeout 30 s + margin 5 s
    assert pod["spec"]["terminationGracePeriodSeconds"] == 5 + 35 + 30 + 5
    command = app_container(deployment)["lifecycle"]["preStop"]["exec"]["command"]
    assert command[:2] == ["/bin/sh", "-c"]
    assert "serviceName=orders" in command[2] and "port=8080" in command[2]
    # Kubernetes 1.27 has no native sleep: an exec sleep of the Nacos lag after the deregistration
    assert command[2].endswith("; sleep 35")
    # Istio's classic sidecar keeps proxying until the app is done (the plan's drain annotation)
    assert "proxy.istio.io/config" in pod["metadata"]["annotations"]


def test_invalid_input_from_python_names_the_field_the_value_and_the_fix(tmp_path):
    program = tmp_path / "bad.py"
    program.write_text(textwrap.dedent("""
        from cdk8s import App, Chart, Duration
        import cdk8s_plus_34 as kplus
        from graceful_k8s_cdk8s_plus_34 import GracefulDeployment, ShutdownProps
        chart = Chart(App(), "bad")
        GracefulDeployment(chart, "api", containers=[kplus.ContainerProps(image="api:1")],
                           shutdown=ShutdownProps(app_shutdown_timeout=Duration.seconds(30), kubernetes_version="1.x"))
    """))
    done = subprocess.run([sys.executable, str(program)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode != 0
    assert "kubernetesVersion" in done.stderr and "1.x" in done.stderr


def test_the_plan_is_readable_from_python(tmp_path):
    program = tmp_path / "explain.py"
    program.write_text(textwrap.dedent("""
        from cdk8s import App, Chart, Duration
        import cdk8s_plus_34 as kplus
        from graceful_k8s_cdk8s_plus_34 import GracefulDeployment, ShutdownProps
        chart = Chart(App(), "explain")
        api = GracefulDeployment(chart, "api", containers=[kplus.ContainerProps(image="api:1", port_number=80)],
                                 replicas=1, shutdown=ShutdownProps(app_shutdown_timeout=Duration.seconds(30)))
        print(api.termination_grace_period_seconds)
        print("\\n".join(api.warnings))
        print(api.explain())
    """))
    done = subprocess.run([sys.executable, str(program)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "40"
    # One replica: every rollout and node drain takes the only pod away (the workload check's warning)
    assert any(line.startswith("[") and "replica" in line for line in lines[1:])
    assert "40" in done.stdout[len(lines[0]):] and "preStop" in done.stdout


def test_session_store_statefulset_drains_5_minute_sessions_one_pod_at_a_time(tmp_path):
    objects = run_python(EXAMPLES / "session_store.py", tmp_path)
    stateful_set = only(objects, "StatefulSet")
    pod = stateful_set["spec"]["template"]["spec"]
    # drainDelay 5 s (kube-proxy) + max(60 s, 5 min) + margin 5 s
    assert pod["terminationGracePeriodSeconds"] == 5 + 300 + 5
    assert pod["containers"][0]["lifecycle"]["preStop"] == {"sleep": {"seconds": 5}}
    assert env_of(pod["containers"][0])["GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS"] == "300"
    # The StatefulSet controller replaces one pod at a time, in order (no surge); the plan keeps that
    assert stateful_set["spec"]["podManagementPolicy"] == "OrderedReady"
    assert stateful_set["spec"]["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
    assert only(objects, "PodDisruptionBudget")["spec"]["maxUnavailable"] == 1
    # The governing (headless) Service cdk8s-plus creates for the StatefulSet
    assert only(objects, "Service")["spec"]["clusterIP"] == "None"
