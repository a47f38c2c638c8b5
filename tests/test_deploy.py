"""The container and Kubernetes files (docker-compose.yml, deploy/): what a council relies on when it
runs the assistant. No Docker engine or cluster is needed: the files are read and checked as they are.

docker-compose (Debian's package) checks the Compose file; CI must have it, so there the test fails
instead of skipping. kubernetes-validate checks each manifest against Kubernetes' own schemas when it
is installed (it needs a newer jsonschema than Rasa's, so it is kept out of .venv): either importable,
or its command on PATH.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DEPLOY = ROOT / "deploy"
KUBERNETES = DEPLOY / "kubernetes"
NGINX = DEPLOY / "nginx"
RASA_DOCKERFILE = DEPLOY / "rasa.Dockerfile"
ACTIONS_DOCKERFILE = DEPLOY / "actions.Dockerfile"
NGINX_DOCKERFILE = NGINX / "Dockerfile"
ENTRYPOINT = DEPLOY / "rasa-entrypoint.sh"

DUMMY_SECRETS = {"DB_PASSWORD": "test-db-password", "REDIS_PASSWORD": "test-redis-password"}
WEBHOOK_METHODS = {
    "/webhooks/rest/webhook": {"POST", "OPTIONS"},  # OPTIONS: a browser's CORS check
    "/webhooks/twilio/webhook": {"POST"},
    "/webhooks/telegram/webhook": {"POST"},
    "/webhooks/slack/webhook": {"POST"},
    "/webhooks/facebook/webhook": {"GET", "POST"},  # GET: Meta's verification
    "/webhooks/callback/webhook": {"POST"},
    "/webhooks/botframework/webhook": {"POST"},
}
RASA_OWN_ROUTES = [
    "/model",
    "/model/parse",
    "/conversations/someone/tracker",
    "/status",
    "/version",
    "/webhooks/rest/",
    "/webhooks/rest/webhook/",
    "/webhooks/actions/webhook",
]
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET|ACCOUNT_SID|KEY", re.IGNORECASE)
# Users the official images run as, when a manifest gives them (Debian variants of postgres and redis).
OFFICIAL_IMAGE_USERS = {"postgres": 999, "redis": 999}


# ---- Loading ----


def load_yaml(path: Path) -> list:
    """Every document in a YAML file (anchors resolved), empty ones left out."""
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


def compose() -> dict:
    return load_yaml(COMPOSE_FILE)[0]


def services() -> dict[str, dict]:
    return compose()["services"]


def long_running_services() -> dict[str, dict]:
    """Services `up` starts; the purge (behind a profile) runs and stops."""
    return {name: s for name, s in services().items() if not s.get("profiles")}


def networks_of(service: dict) -> set[str]:
    networks = service.get("networks", ["default"])
    return set(networks) if isinstance(networks, (list, dict)) else set()


def built_images() -> dict[str, Path]:
    """Image name -> the Dockerfile Compose builds it from."""
    return {s["image"]: ROOT / s["build"]["dockerfile"] for s in services().values() if "build" in s}


def rasa_servers() -> list[str]:
    return [
        name
        for name, s in long_running_services().items()
        if s.get("image") in built_images() and built_images()[s["image"]] == RASA_DOCKERFILE
    ]


def manifest_files() -> list[Path]:
    return sorted(p for p in KUBERNETES.rglob("*.yaml") if p.name != "kustomization.yaml")


def kubernetes_objects() -> list[dict]:
    return [doc for path in manifest_files() for doc in load_yaml(path)]


def objects_of_kind(kind: str) -> list[dict]:
    return [o for o in kubernetes_objects() if o["kind"] == kind]


def named(kind: str, name: str) -> dict:
    matches = [o for o in objects_of_kind(kind) if o["metadata"]["name"] == name]
    assert matches, f"no {kind} named {name} in deploy/kubernetes/"
    return matches[0]


def pod_spec(workload: dict) -> dict:
    if workload["kind"] == "CronJob":
        return workload["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return workload["spec"]["template"]["spec"]


def workloads() -> list[dict]:
    return [o for o in kubernetes_objects() if o["kind"] in ("Deployment", "StatefulSet", "CronJob")]


def app_label(workload: dict) -> str:
    template = (
        workload["spec"]["jobTemplate"]["spec"]["template"]
        if workload["kind"] == "CronJob"
        else workload["spec"]["template"]
    )
    return template["metadata"]["labels"]["app.kubernetes.io/name"]


def container_env(container: dict) -> dict[str, object]:
    """The container's variables: literal values, and ("secret", name) or ("configmap", name) for the rest."""
    env: dict[str, object] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(named("ConfigMap", source["configMapRef"]["name"]).get("data", {}))
    for entry in container.get("env", []):
        reference = entry.get("valueFrom", {})
        if "secretKeyRef" in reference:
            env[entry["name"]] = ("secret", reference["secretKeyRef"]["name"])
        elif "configMapKeyRef" in reference:
            env[entry["name"]] = ("configmap", reference["configMapKeyRef"]["name"])
        else:
            env[entry["name"]] = entry.get("value")
    return env


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(
        r"\\\n", " ", "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))
    )
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line.strip() else "")
        for line in text.splitlines()
        if line.strip()
    ]


def base_images(path: Path) -> set[str]:
    """Images a Dockerfile starts from, leaving out its own earlier stages."""
    stages, bases = set(), set()
    for instruction, arguments in dockerfile_instructions(path):
        if instruction == "FROM":
            words = arguments.split()
            if words[0] not in stages:
                bases.add(words[0])
            if len(words) == 3 and words[1].upper() == "AS":
                stages.add(words[2])
    return bases


def final_user(path: Path) -> str | None:
    """The user the image runs as: the last USER after the last FROM."""
    user = None
    for instruction, arguments in dockerfile_instructions(path):
        if instruction == "FROM":
            user = None
        elif instruction == "USER":
            user = arguments.strip()
    return user


def without_comments(path: Path) -> str:
    if path.suffix == ".md":
        return path.read_text()
    return "\n".join(line.split("#", 1)[0] for line in path.read_text().splitlines())


def nginx_locations(text: str) -> list[tuple[str, str, str]]:
    """(modifier, path, body) of each location block, in order."""
    found = []
    for match in re.finditer(r"location\s+(=|\^~|~\*|~)?\s*(\S+)\s*\{", text):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        found.append((match.group(1) or "", match.group(2), text[match.end() : end - 1]))
    return found


def nginx_site() -> str:
    return without_comments(NGINX / "site.conf")


def nginx_location_for(path: str) -> tuple[str, str, str]:
    """The location nginx picks for a path: exact, else longest prefix (unless a regex matches first)."""
    locations = nginx_locations(nginx_site())
    for location in locations:
        if location[0] == "=" and location[1] == path:
            return location
    prefixes = [loc for loc in locations if loc[0] in ("", "^~") and path.startswith(loc[1])]
    best = max(prefixes, key=lambda loc: len(loc[1]), default=None)
    if best is None or best[0] != "^~":
        for location in locations:
            flags = re.IGNORECASE if location[0] == "~*" else 0
            if location[0] in ("~", "~*") and re.search(location[1], path, flags):
                return location
    assert best is not None, f"no nginx location matches {path}"
    return best


def proxied_locations() -> dict[str, tuple[str, str]]:
    return {path: (modifier, body) for modifier, path, body in nginx_locations(nginx_site()) if "proxy_pass" in body}


def memory_in_mib(quantity: str) -> float:
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "K": 1e3 / 2**20, "M": 1e6 / 2**20, "G": 1e9 / 2**20}
    number, unit = re.fullmatch(r"([\d.]+)([A-Za-z]*)", str(quantity)).groups()
    return float(number) * units.get(unit, 1 / 2**20)


# ---- Docker Compose ----


def compose_tool() -> list[str]:
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if os.environ.get("CI") == "true":
        pytest.fail("CI needs docker-compose to check docker-compose.yml: apt-get install docker-compose")
    pytest.skip("neither `docker compose` nor docker-compose is installed (apt-get install docker-compose)")


def run_compose_config(tmp_path: Path, secrets: dict[str, str]) -> subprocess.CompletedProcess:
    env_file = tmp_path / "empty.env"  # a developer's own .env must not change the result
    env_file.write_text("")
    environment = {k: v for k, v in os.environ.items() if k not in DUMMY_SECRETS} | secrets
    return subprocess.run(
        compose_tool()
        + [
            "--env-file",
            str(env_file),
            "--project-directory",
            str(ROOT),
            "-f",
            str(COMPOSE_FILE),
            "--profile",
            "purge",
            "config",
            "-q",
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def test_compose_file_is_valid(tmp_path):
    result = run_compose_config(tmp_path, DUMMY_SECRETS)
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_the_passwords(tmp_path):
    for missing in DUMMY_SECRETS:
        result = run_compose_config(tmp_path, {k: v for k, v in DUMMY_SECRETS.items() if k != missing})
        assert result.returncode != 0 and missing in result.stderr, f"Compose accepted a missing {missing}"


def test_every_long_running_service_has_a_healthcheck():
    for name, service in long_running_services().items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
        assert not service["healthcheck"].get("disable"), f"{name}'s healthcheck is disabled"


def test_every_service_runs_as_a_user_other_than_root():
    # An explicit `user:` (postgres, redis), or one of our images, whose Dockerfile ends with a USER.
    for name, service in services().items():
        if "user" in service:
            user = str(service["user"]).split(":")[0]
        else:
            dockerfile = built_images().get(service["image"])
            assert dockerfile, f"{name} neither sets user: nor uses an image built here"
            user = final_user(dockerfile)
        assert user not in (None, "", "root", "0"), f"{name} runs as root"


def test_only_nginx_publishes_a_port_on_the_host():
    assert [name for name, s in services().items() if s.get("ports")] == ["nginx"]


def test_action_server_database_and_redis_are_on_an_internal_network_only():
    internal = {name for name, n in compose().get("networks", {}).items() if (n or {}).get("internal")}
    assert internal, "docker-compose.yml has no internal network"
    for name in ("actions", "postgres", "redis", "purge"):
        assert networks_of(services()[name]) and networks_of(services()[name]) <= internal, (
            f"{name} is reachable from outside"
        )
    assert not networks_of(services()["nginx"]) & networks_of(services()["actions"]), (
        "nginx can reach the action server"
    )


def test_two_rasa_servers_sit_behind_nginx():
    servers = rasa_servers()
    assert len(servers) >= 2
    upstream = without_comments(NGINX / "upstream.conf")
    for name in servers:
        assert re.search(rf"server\s+{re.escape(name)}:5005\b", upstream), f"nginx does not send messages to {name}"
        assert services()["nginx"]["depends_on"][name]["condition"] == "service_healthy", name


def test_rasa_and_action_server_send_no_telemetry():
    for name in [*rasa_servers(), "actions", "purge"]:
        assert str(services()[name]["environment"]["RASA_TELEMETRY_ENABLED"]) == "false", name
    for dockerfile in (RASA_DOCKERFILE, ACTIONS_DOCKERFILE):
        assert "RASA_TELEMETRY_ENABLED=false" in dockerfile.read_text(), dockerfile.name
    for workload in workloads():
        if app_label(workload) in ("rasa", "actions", "purge"):
            for container in pod_spec(workload)["containers"]:
                assert container_env(container).get("RASA_TELEMETRY_ENABLED") == "false", workload["metadata"]["name"]


def test_purge_runs_on_demand_in_compose():
    purge = services()["purge"]
    assert "purge" in purge["profiles"] and purge["command"] == ["purge"]
    assert built_images()[purge["image"]] == RASA_DOCKERFILE


# ---- Images ----


def test_images_are_pinned_to_exact_versions():
    assert base_images(RASA_DOCKERFILE) == {"rasa/rasa:3.6.21"}
    assert base_images(ACTIONS_DOCKERFILE) == {"rasa/rasa-sdk:3.6.2"}
    (nginx,) = base_images(NGINX_DOCKERFILE)
    assert re.fullmatch(r"nginxinc/nginx-unprivileged:\d+\.\d+\.\d+(-[a-z0-9.]+)?", nginx), nginx
    assert re.fullmatch(r"postgres:15\.\d+(-[a-z]+)?", services()["postgres"]["image"])
    assert re.fullmatch(r"redis:7\.\d+\.\d+(-[a-z]+)?", services()["redis"]["image"])
    for service in services().values():
        assert ":" in service["image"] and not service["image"].endswith(":latest"), service["image"]


def test_kubernetes_runs_the_same_database_and_redis_versions_as_compose():
    images = {c["image"] for w in workloads() for c in pod_spec(w)["containers"]}
    assert services()["postgres"]["image"] in images and services()["redis"]["image"] in images
    for image in images:
        assert ":" in image and not image.endswith(":latest"), image


def test_pip_installs_in_the_images_are_pinned_to_requirements():
    required = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(), re.MULTILINE))
    required = {name.lower(): version for name, version in required.items()}
    for dockerfile in (RASA_DOCKERFILE, ACTIONS_DOCKERFILE):
        for instruction, arguments in dockerfile_instructions(dockerfile):
            if instruction == "RUN" and "pip install" in arguments:
                packages = [
                    w for w in arguments.split("pip install", 1)[1].split("&&")[0].split() if not w.startswith("-")
                ]
                assert packages, dockerfile.name
                for package in packages:
                    name, _, version = package.partition("==")
                    assert version, f"{dockerfile.name}: {package} is not pinned"
                    assert required.get(name.lower(), version) == version, (
                        f"{dockerfile.name}: {package} differs from requirements.txt"
                    )


def test_the_model_is_trained_in_the_image_and_read_only():
    text = RASA_DOCKERFILE.read_text()
    assert re.search(r"rasa train --fixed-model-name send-guide\b", text)
    assert "COPY --from=train" in text and "chmod 0444 /app/models/send-guide.tar.gz" in text
    assert "--model models/send-guide.tar.gz" in ENTRYPOINT.read_text()


def test_the_build_context_leaves_out_secrets_and_local_conversations():
    lines = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "*", ".dockerignore must start by leaving everything out"
    for private in (".env", "var", "models", ".venv", ".git"):
        assert not any(line.lstrip("!").rstrip("/") == private for line in lines if line.startswith("!")), private
    included = [line[1:].rstrip("/") for line in lines if line.startswith("!")]
    for dockerfile in (RASA_DOCKERFILE, ACTIONS_DOCKERFILE, NGINX_DOCKERFILE):
        for instruction, arguments in dockerfile_instructions(dockerfile):
            if instruction == "COPY" and "--from=" not in arguments:
                for source in arguments.split()[:-1]:
                    source = source.rstrip("/")
                    assert (ROOT / source).exists(), f"{dockerfile.name} copies {source}, which does not exist"
                    assert any(source == inc or source.startswith(inc + "/") for inc in included), (
                        f"{dockerfile.name} copies {source}, which .dockerignore leaves out"
                    )


# ---- Rasa's start command ----


def test_the_rasa_http_api_is_never_enabled():
    # Every file that configures or starts something; deploy/README.md explains the option in prose.
    files = [COMPOSE_FILE, *(p for p in DEPLOY.rglob("*") if p.is_file() and p.suffix != ".md")]
    for path in files:
        assert "enable-api" not in without_comments(path), f"{path.relative_to(ROOT)} switches on Rasa's HTTP API"


def test_rasa_starts_with_only_the_channels_switched_on_the_production_endpoints_and_our_changes():
    script = without_comments(ENTRYPOINT)
    credentials = script.index("python -m channels.credentials channels.yml /tmp/credentials.yml")
    assert credentials < script.index("exec python -m rasa_tuning run")
    assert "--credentials /tmp/credentials.yml" in script and "--endpoints endpoints.production.yml" in script
    assert "scripts/purge.py --endpoints endpoints.production.yml" in script
    assert ("ENTRYPOINT", '["/app/rasa-entrypoint.sh"]') in dockerfile_instructions(RASA_DOCKERFILE)


# ---- nginx ----


def test_nginx_passes_only_the_chat_and_channel_webhooks_to_rasa():
    proxied = proxied_locations()
    assert set(proxied) == set(WEBHOOK_METHODS)
    for path, (modifier, body) in proxied.items():
        assert modifier == "=", f"{path} must be an exact match, not a prefix"
        assert re.search(r"proxy_pass\s+http://send_guide_rasa;", body), path


@pytest.mark.parametrize("path", RASA_OWN_ROUTES)
def test_rasa_own_routes_are_not_reachable_through_nginx(path):
    modifier, location, body = nginx_location_for(path)
    assert "proxy_pass" not in body, f"{path} reaches Rasa through location {modifier} {location}"


def test_nginx_never_reaches_the_action_server():
    for path in (NGINX / "site.conf", NGINX / "upstream.conf"):
        text = without_comments(path)
        assert "5055" not in text and "actions" not in text, path.name
    upstream_servers = re.findall(r"server\s+([\w.-]+):(\d+)", without_comments(NGINX / "upstream.conf"))
    assert upstream_servers and all(port == "5005" for _, port in upstream_servers)


def test_webhooks_accept_only_the_methods_their_platforms_use():
    for path, (_, body) in proxied_locations().items():
        allowed = re.search(r"limit_except\s+([A-Z ]+)\{\s*deny all;\s*\}", body)
        assert allowed, f"{path} accepts any method"
        assert set(allowed.group(1).split()) == WEBHOOK_METHODS[path], path


def test_nginx_refuses_large_request_bodies():
    size = re.search(r"client_max_body_size\s+(\d+)([kKmM]?);", nginx_site())
    assert size, "client_max_body_size is not set"
    kilobytes = int(size.group(1)) * {"k": 1, "m": 1024, "": 1 / 1024}[size.group(2).lower()]
    assert kilobytes <= 1024


def test_every_nginx_response_carries_the_security_headers():
    headers = (NGINX / "headers.conf").read_text()
    assert "frame-ancestors 'none'" in headers and "connect-src 'self'" in headers and "nosniff" in headers
    site = nginx_site()
    assert re.search(r"^\s*include /etc/nginx/send-guide/headers.conf;", site.split("location", 1)[0], re.MULTILINE)
    # nginx forgets the server's add_header lines in a location with its own.
    for _, path, body in nginx_locations(site):
        if "add_header" in body:
            assert "include /etc/nginx/send-guide/headers.conf;" in body, f"location {path} drops the security headers"


def test_nginx_logs_no_message_text_or_visitor_addresses():
    config = without_comments(NGINX / "nginx.conf")
    log_format = re.search(r"log_format\s+(\w+)\s+'([^']*)'", config)
    assert log_format and re.search(rf"access_log\s+\S+\s+{log_format.group(1)};", config)
    for variable in ("$request_body", "$request ", "$request_uri", "$args", "$query_string", "$remote_addr", "$http_"):
        assert variable not in log_format.group(2) + " ", variable


def test_the_widget_posts_to_its_own_origin_in_the_container():
    assert re.search(r'data-server-url="[^"]+"', (ROOT / "web" / "index.html").read_text()), (
        "web/index.html has no address to replace"
    )
    dockerfile = NGINX_DOCKERFILE.read_text()
    assert 'data-server-url=""' in dockerfile and "grep -q 'data-server-url=\"\"'" in dockerfile


# ---- Kubernetes ----


def test_kubernetes_runs_at_least_two_rasa_servers():
    assert named("Deployment", "rasa")["spec"]["replicas"] >= 2


def test_every_deployment_has_readiness_and_liveness_probes():
    for workload in objects_of_kind("Deployment") + objects_of_kind("StatefulSet"):
        for container in pod_spec(workload)["containers"]:
            for probe in ("readinessProbe", "livenessProbe"):
                assert container.get(probe), f"{workload['metadata']['name']} has no {probe}"


def test_rasa_asks_for_about_1_2_gb_of_memory():
    (container,) = pod_spec(named("Deployment", "rasa"))["containers"]
    request = memory_in_mib(container["resources"]["requests"]["memory"])
    assert 1200 <= request <= 1280
    assert memory_in_mib(container["resources"]["limits"]["memory"]) > request


def test_passwords_and_channel_secrets_come_only_from_kubernetes_secrets():
    channel_variables = set(re.findall(r"\$\{(\w+)\}", (ROOT / "channels.yml").read_text()))
    for obj in kubernetes_objects():
        if obj["kind"] == "Secret":
            path = next(p for p in manifest_files() if obj in load_yaml(p))
            assert path.parent.name == "examples", f"a Secret with values is in {path.name}"
            assert set(obj.get("stringData", {}).values()) <= {"change-me"} and not obj.get("data")
        if obj["kind"] == "ConfigMap":
            for key in obj.get("data", {}):
                assert not SECRET_NAME.search(key) and key not in channel_variables, f"{key} is in a ConfigMap"
    for workload in workloads():
        for container in pod_spec(workload)["containers"]:
            for entry in container.get("env", []):
                if SECRET_NAME.search(entry["name"]) or entry["name"] in channel_variables:
                    assert "secretKeyRef" in entry.get("valueFrom", {}), f"{entry['name']} is not read from a Secret"
    for name in ("rasa", "purge"):
        workload = named("Deployment", name) if name == "rasa" else named("CronJob", name)
        (container,) = pod_spec(workload)["containers"]
        assert {"secretRef": {"name": "send-guide-secrets"}} in container["envFrom"], (
            f"{name} cannot read the channel secrets"
        )


def test_every_pod_runs_as_non_root_without_privileges():
    for workload in workloads():
        spec, name = pod_spec(workload), workload["metadata"]["name"]
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["runAsUser"] != 0, name
        assert spec.get("automountServiceAccountToken") is False, name
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, name
            assert "ALL" in context["capabilities"]["drop"], name
            assert context["readOnlyRootFilesystem"] is True, name


def test_pod_users_match_the_images():
    ours = {
        "rasa": final_user(RASA_DOCKERFILE),
        "purge": final_user(RASA_DOCKERFILE),
        "actions": final_user(ACTIONS_DOCKERFILE),
        "nginx": final_user(NGINX_DOCKERFILE),
    }
    expected = {app: int(user) for app, user in ours.items()} | OFFICIAL_IMAGE_USERS
    for workload in workloads():
        assert pod_spec(workload)["securityContext"]["runAsUser"] == expected[app_label(workload)], workload[
            "metadata"
        ]["name"]


def allowed_sources(app: str) -> set[tuple[str, int]]:
    """(source app or "anyone", port) that the NetworkPolicies let connect to an app's pods."""
    allowed = set()
    for policy in objects_of_kind("NetworkPolicy"):
        if policy["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name") not in (app, None):
            continue
        if not policy["spec"]["podSelector"].get("matchLabels") and policy["spec"].get("ingress"):
            pytest.fail(f"{policy['metadata']['name']} lets something reach every pod")
        for rule in policy["spec"].get("ingress", []):
            sources = [
                peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name", "anyone")
                for peer in rule.get("from", [{}])
            ]
            allowed |= {(source, port["port"]) for source in sources for port in rule.get("ports", [{"port": "any"}])}
    return allowed


def test_network_policies_deny_what_they_do_not_allow():
    default = [p for p in objects_of_kind("NetworkPolicy") if p["spec"]["podSelector"] == {}]
    assert any("Ingress" in p["spec"]["policyTypes"] and not p["spec"].get("ingress") for p in default)


def test_only_rasa_reaches_the_action_server():
    assert allowed_sources("actions") == {("rasa", 5055)}


def test_only_rasa_and_the_purge_reach_the_database_and_redis():
    assert allowed_sources("postgres") == {("rasa", 5432), ("purge", 5432)}
    assert allowed_sources("redis") <= {("rasa", 6379), ("purge", 6379)} and ("rasa", 6379) in allowed_sources("redis")
    assert allowed_sources("rasa") == {("nginx", 5005)}


def test_only_nginx_is_exposed():
    for service in objects_of_kind("Service"):
        assert service["spec"].get("type", "ClusterIP") == "ClusterIP", service["metadata"]["name"]
    for ingress in objects_of_kind("Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                assert path["backend"]["service"]["name"] == "nginx"
    assert {source for source, _ in allowed_sources("nginx")} == {"anyone"}


def test_conversations_are_purged_every_night():
    purge = named("CronJob", "purge")
    minute, hour, *rest = purge["spec"]["schedule"].split()
    assert minute.isdigit() and hour.isdigit() and rest == ["*", "*", "*"]
    (container,) = pod_spec(purge)["containers"]
    assert container["args"] == ["purge"] and container["image"].split(":")[0] == "send-guide-rasa"
    assert container_env(container).get("RETENTION_DAYS") == "30"


def test_kustomization_applies_every_manifest_and_names_every_image():
    kustomization = load_yaml(KUBERNETES / "kustomization.yaml")[0]
    top_level = {p.name for p in KUBERNETES.glob("*.yaml") if p.name != "kustomization.yaml"}
    assert set(kustomization["resources"]) == top_level
    ours = {
        c["image"].split(":")[0]
        for w in workloads()
        for c in pod_spec(w)["containers"]
        if c["image"].startswith("send-guide-")
    }
    assert ours == {image["name"] for image in kustomization["images"]}
    for image in kustomization["images"]:
        assert image["newTag"] and image["newTag"] != "latest"


def validate_manifest(path: Path, version: str) -> None:
    """Strict: a misspelt field fails too, where kubectl would drop it without a word."""
    if importlib.util.find_spec("kubernetes_validate"):
        import kubernetes_validate

        for doc in load_yaml(path):
            kubernetes_validate.validate(doc, version, strict=True)
        return
    command = shutil.which("kubernetes-validate")
    if not command:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs kubernetes-validate to check the manifests (.ci/run installs it)")
        pytest.skip("kubernetes-validate is not installed (pip install kubernetes-validate==1.37.0, outside .venv)")
    result = subprocess.run(
        [command, "--strict", "--quiet", "-k", version, str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


# The oldest Kubernetes still common on council clusters, and the newest the validator knows.
@pytest.mark.parametrize("version", ["1.28.0", "1.37.0"])
@pytest.mark.parametrize("path", manifest_files(), ids=lambda p: str(p.relative_to(KUBERNETES)))
def test_manifest_matches_the_kubernetes_schema(path, version):
    validate_manifest(path, version)


def test_postgresql_never_writes_a_failing_statement_to_its_log():
    """A failing INSERT's values are what a family typed; PostgreSQL logs them by default."""
    assert "log_min_error_statement=panic" in services()["postgres"]["command"]
    statefulset = next(doc for doc in load_yaml(KUBERNETES / "postgres.yaml") if doc["kind"] == "StatefulSet")
    assert "log_min_error_statement=panic" in statefulset["spec"]["template"]["spec"]["containers"][0]["args"]
