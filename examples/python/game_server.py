"""A WebSocket game server behind an AWS NLB: 30-minute rounds, the NLB's deregistration lag, an NLB Service."""
from cdk8s import App, Chart, Duration
import cdk8s_plus_34 as kplus
from graceful_k8s_cdk8s_plus_34 import (
    GracefulDeployment,
    PodCount,
    RolloutProps,
    ShutdownProps,
    Traffic,
)

app = App()
chart = Chart(app, "game")
server = GracefulDeployment(
    chart,
    "rounds",
    replicas=4,
    containers=[kplus.ContainerProps(image="ghcr.io/example/game:7.0.1", port_number=7777)],
    shutdown=ShutdownProps(
        app_shutdown_timeout=Duration.seconds(20),
        long_connection_budget=Duration.minutes(30),
        traffic=[Traffic.kube_proxy(), Traffic.aws_nlb()],
        rollout=RolloutProps(max_surge=PodCount.absolute(1)),
    ),
)
server.expose_via_service(ports=[kplus.ServicePort(port=443, target_port=7777)])
app.synth()
