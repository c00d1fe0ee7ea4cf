"""A web API on Kubernetes >= 1.30: the default plan (native preStop sleep), three replicas and a Service."""
from cdk8s import App, Chart, Duration
import cdk8s_plus_34 as kplus
from graceful_k8s_cdk8s_plus_34 import GracefulDeployment, ShutdownProps

app = App()
chart = Chart(app, "web-api")
api = GracefulDeployment(
    chart,
    "api",
    replicas=3,
    containers=[kplus.ContainerProps(image="ghcr.io/example/api:1.4.2", port_number=8080)],
    shutdown=ShutdownProps(app_shutdown_timeout=Duration.seconds(30)),
)
api.expose_via_service()
app.synth()
