"""A session store as a StatefulSet: 5-minute client sessions drain before a pod stops, one pod at a time."""
from cdk8s import App, Chart, Duration
import cdk8s_plus_34 as kplus
from graceful_k8s_cdk8s_plus_34 import GracefulStatefulSet, ShutdownProps, Traffic

app = App()
chart = Chart(app, "sessions")
GracefulStatefulSet(
    chart,
    "store",
    replicas=3,
    containers=[kplus.ContainerProps(image="ghcr.io/example/sessions:2.1.0", port_number=6379)],
    shutdown=ShutdownProps(
        app_shutdown_timeout=Duration.seconds(60),
        long_connection_budget=Duration.minutes(5),
        traffic=[Traffic.kube_proxy()],
    ),
)
app.synth()
