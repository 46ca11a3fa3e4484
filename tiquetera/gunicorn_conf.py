"""gunicorn's settings for the desk's web processes: `gunicorn -c python:tiquetera.gunicorn_conf
tiquetera.wsgi` (docs/deployment.md). Flags on the command line and GUNICORN_CMD_ARGS win."""

from typing import Any

from prometheus_client import multiprocess

workers = 2  # per process group; run more groups (systemd instances) to use more cores
threads = 4
timeout = 60
graceful_timeout = 30
max_requests = 2000  # recycle a worker now and then: memory stays flat
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = "127.0.0.1"  # the local reverse proxy


def child_exit(server: Any, worker: Any) -> None:
    """A worker that exits leaves its request counts to the metrics (PROMETHEUS_MULTIPROC_DIR)."""
    multiprocess.mark_process_dead(worker.pid)
