"""The exporter in Graph mode against m365-fake-graph, as the scripts run it
(scripts/load-test, scripts/profile-hot-text): the fake's start, a
configuration file of its tenants, and the HTTP helpers they wait with."""
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

GZIP = {"Accept-Encoding": "gzip"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, headers=None, timeout=60):
    """(status, body) of a GET; status 0 when nothing answered."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


def wait_for(url, process, timeout):
    """Returns once url answers 200; exits the script if process ends first or timeout passes."""
    script = os.path.basename(sys.argv[0])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{script}: the process serving {url} exited with {process.returncode}")
        if get(url, timeout=5)[0] == 200:
            return
        time.sleep(0.1)
    sys.exit(f"{script}: {url} did not answer 200 within {timeout} s")


def start_fake(fake_graph, tenants, latency_ms, popen=subprocess.Popen):
    """The fake with `tenants` apps answering after latency_ms, and its URLs ("graph", "authority")."""
    fake = popen([fake_graph, "--tenants", str(tenants), "--latency-ms", str(latency_ms)],
                 stdout=subprocess.PIPE, text=True)
    return fake, dict(part.split("=", 1) for part in fake.stdout.readline().split())


def write_configuration(work, tenants):
    """A configuration file in work of the fake's tenants (customer-0001 …), each with its secret file."""
    secrets = os.path.join(work, "secrets")
    os.makedirs(secrets, exist_ok=True)
    lines = ["tenants:"]
    for number in range(1, tenants + 1):
        with open(os.path.join(secrets, f"secret-{number}"), "w") as secret:
            secret.write(f"secret-{number}\n")
        lines.append(f"  - {{name: customer-{number:04d}, tenant_id: tid-{number}, client_id: app-{number}, "
                     f"client_secret_file: {secrets}/secret-{number}}}")
    config = os.path.join(work, "m365.yml")
    with open(config, "w") as file:
        file.write("\n".join(lines) + "\n")
    return config


def exporter_environment(urls):
    """The environment that sends the exporter's token requests to the fake."""
    return {**os.environ, "AZURE_AUTHORITY_HOST": urls["authority"]}
