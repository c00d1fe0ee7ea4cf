"""A Spring Boot service registered in Nacos, on clusters as old as Kubernetes 1.27, with an Istio sidecar."""
from cdk8s import App, Chart, Duration
import cdk8s_plus_34 as kplus
from graceful_k8s_cdk8s_plus_34 import (
    Framework,
    GracefulDeployment,
    ShutdownProps,
    Sidecar,
    Traffic,
)

app = App()
chart = Chart(app, "registry")
GracefulDeployment(
    chart,
    "orders",
    replicas=2,
    containers=[kplus.ContainerProps(image="ghcr.io/example/orders:3.2.0", port_number=8080)],
    shutdown=ShutdownProps(
        app_shutdown_timeout=Duration.seconds(30),
        kubernetes_version="1.27",
        framework=Framework.spring_boot(),
        sidecar=Sidecar.istio(),
        traffic=[
            Traffic.nacos(server_addr="nacos.infra:8848", service_name="orders", port=8080)
        ],
    ),
)
app.synth()
