"""Fixtures of the end-to-end tests: a real JupyterLab server on a scratch copy of the course, and
a real (headless) Chromium driven by Playwright.

* `lab`      one JupyterLab per test module (so one per xdist worker under `--dist loadfile`):
             127.0.0.1, a free port, a random token, its own JUPYTER config/data/runtime dirs and
             IPython dir in tmp, no browser, no news or update checks. Always stopped afterwards:
             kernels shut down through the REST API, then the server's process group is killed,
             then any kernel still alive that was started from this server's runtime dir.
* `browser`  Debian's chromium (`shutil.which("chromium")`, or $KERASTUTOR_CHROMIUM), launched
             through Playwright's `executable_path` with the flags this closed network needs.
             Missing chromium or Playwright -> the tests skip and say why; where $CI is set they
             fail instead, because CI installs both (tools/system-deps.sh, pyproject's test extra).
* `scenario` a fresh browser context and page, with `scenario.step("…")`: a step that fails saves
             build/screenshots/<scenario>--FAILED--<step>.png and says which step failed.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from e2e_support import REPO, SCREENSHOTS

# Chromium on a machine without network (see the machine notes): no background requests, no QUIC,
# no first-run UI. Playwright adds --headless and a fresh temporary --user-data-dir of its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end test in a real JupyterLab and a real browser")


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str):
    """Skip, or on CI (where the test set-up installs everything) fail."""
    if _on_ci():
        pytest.fail(f"end-to-end tests cannot run on CI: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_executable() -> tuple[str | None, str]:
    """(path, "") or (None, why not)."""
    chosen = os.environ.get("KERASTUTOR_CHROMIUM")
    if chosen:
        if os.path.isfile(chosen) and os.access(chosen, os.X_OK):
            return chosen, ""
        return None, f"KERASTUTOR_CHROMIUM={chosen} is not an executable file"
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
    if found:
        return found, ""
    return None, ("chromium is not installed (Debian: apt-get install chromium; `make test` runs "
                  "tools/system-deps.sh, which installs it when it may)")


# --------------------------------------------------------------------------------------------
# JupyterLab
# --------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """preexec_fn (Linux): SIGTERM the server if pytest itself dies without cleaning up (killed by a
    CI timeout, say); the server then shuts its kernels down."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


class LabServer:
    """One running JupyterLab; `url(path)` gives an address with the token."""

    def __init__(self, base: Path):
        self.base = base
        self.root = base / "course"
        self.jupyter = base / "jupyter"
        self.runtime = self.jupyter / "runtime"
        self.log_path = base / "jupyterlab.log"
        self.token = secrets.token_hex(16)
        self.port = 0
        self.proc: subprocess.Popen | None = None

    # --- set-up ---------------------------------------------------------------------------
    def prepare(self) -> None:
        self.root.mkdir(parents=True)
        for folder in ("lessons", "exercises"):
            shutil.copytree(REPO / folder, self.root / folder,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        config = self.jupyter / "config"
        for sub in ("config", "data", "runtime", "ipython"):
            (self.jupyter / sub).mkdir(parents=True, exist_ok=True)
        lab_config = {
            "LabApp": {
                "news_url": None,  # no announcements feed
                "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
                "expose_app_in_browser": True,  # window.jupyterapp, for commands and the models
            },
        }
        _write_json(config / "jupyter_server_config.json", lab_config)
        _write_json(config / "jupyter_lab_config.json", lab_config)
        # User settings: never ask about news, never look for updates (no network here).
        _write_json(config / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
                    / "notification.jupyterlab-settings", {"fetchNews": "false", "checkForUpdates": False})
        # Fault injection, to prove the scenarios can fail (docs/E2E.md): a Python file run by every
        # kernel at start-up (IPython's startup dir, inside this server's own IPYTHONDIR).
        fault = os.environ.get("KERASTUTOR_E2E_KERNEL_STARTUP")
        if fault:
            startup = self.jupyter / "ipython" / "profile_default" / "startup"
            startup.mkdir(parents=True, exist_ok=True)
            shutil.copy(fault, startup / "00-e2e-fault.py")

    def env(self) -> dict:
        env = dict(os.environ)
        for key in list(env):
            if key.startswith(("JUPYTER", "JPY_")):
                del env[key]
        env.update(
            JUPYTER_CONFIG_DIR=str(self.jupyter / "config"),
            JUPYTER_DATA_DIR=str(self.jupyter / "data"),
            JUPYTER_RUNTIME_DIR=str(self.runtime),
            IPYTHONDIR=str(self.jupyter / "ipython"),
            JUPYTER_PLATFORM_DIRS="1",
            PYTHONUNBUFFERED="1",
        )
        env.pop("KERASTUTOR_LANG", None)
        return env

    def start(self, timeout: float = 90) -> None:
        last_error = ""
        for _attempt in range(3):  # a free port can be taken between probing and binding
            self.port = _free_port()
            cmd = [
                sys.executable, "-m", "jupyterlab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}",
                "--ServerApp.terminals_enabled=False",
                "--LabApp.expose_app_in_browser=True",
            ]
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                cmd.append("--allow-root")  # CI containers run as root
            log = open(self.log_path, "ab")
            log_start = log.tell()
            try:
                self.proc = subprocess.Popen(cmd, cwd=self.root, env=self.env(), stdin=subprocess.DEVNULL,
                                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                             preexec_fn=_die_with_parent if sys.platform == "linux" else None)
            finally:
                log.close()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    last_error = f"JupyterLab exited with {self.proc.returncode}"
                    self.proc = None
                    break
                try:
                    status = self.api("GET", "/api/status", timeout=2)
                    if isinstance(status, dict):
                        return
                except (OSError, urllib.error.URLError, ValueError):
                    pass
                time.sleep(0.3)
            else:
                last_error = f"JupyterLab did not answer within {timeout:.0f} s"
                self.stop()
                break
            with open(self.log_path, "rb") as fh:
                fh.seek(log_start)
                if b"already in use" not in fh.read():
                    break  # not a port race: trying again would not help
        raise RuntimeError(f"{last_error}; log {self.log_path}:\n{self.log_tail()}")

    # --- use ------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/lab") -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def api(self, method: str, path: str, body=None, timeout: float = 10):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def kernels(self) -> list[dict]:
        return self.api("GET", "/api/kernels")

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    # --- tear-down ------------------------------------------------------------------------
    def _own_kernel_pids(self) -> list[int]:
        """Kernels started by this server: their command line names its (unique) runtime dir.
        Kernels run in sessions of their own, so killing the server's group does not reach them."""
        marker = str(self.runtime).encode()
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if marker in cmdline and int(entry.name) != os.getpid():
                pids.append(int(entry.name))
        return pids

    def stop(self) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            with contextlib.suppress(Exception):
                for kernel in self.kernels():
                    self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=15)
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            if proc.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=wait)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # anything left in the server's group
        if Path("/proc").is_dir():
            for pid in self._own_kernel_pids():
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"))
    try:
        server.prepare()
        server.start()
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    executable, why_not = chromium_executable()
    if not executable:
        _unavailable(why_not)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or "step"


class StepFailed(AssertionError):
    pass


class Scenario:
    """A page plus named steps; each failure names its step and keeps a screenshot."""

    def __init__(self, name: str, page):
        self.name, self.page = name, page
        self.current = "start"
        self.count = 0
        self.console_errors: list[str] = []
        page.on("pageerror", lambda exc: self.console_errors.append(f"page error: {exc}"))
        page.on("console", lambda msg: self.console_errors.append(f"console.{msg.type}: {msg.text}")
                if msg.type == "error" else None)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SCREENSHOTS.glob(f"{name}--*.png"):
            old.unlink()

    def shot(self, label: str) -> Path:
        self.count += 1
        path = SCREENSHOTS / f"{self.name}--{self.count:02d}-{_slug(label)}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path

    @contextlib.contextmanager
    def step(self, label: str, screenshot: bool = True):
        self.current = label
        print(f"[{self.name}] step: {label}", flush=True)
        try:
            yield
        except Exception as exc:
            path = SCREENSHOTS / f"{self.name}--FAILED--{_slug(label)}.png"
            with contextlib.suppress(Exception):
                self.page.screenshot(path=str(path), full_page=False)
            console = "\n    ".join(self.console_errors[-10:]) or "(none)"
            raise StepFailed(f"scenario {self.name!r} failed at step {label!r}: {type(exc).__name__}: {exc}\n"
                             f"  screenshot: {path}\n  browser console errors:\n    {console}") from exc
        if screenshot:
            self.shot(label)


@contextlib.contextmanager
def _scenario(request, browser):
    """A fresh browser context and page, named after the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    context.set_default_timeout(30_000)
    page = context.new_page()
    name = re.sub(r"[^\w-]+", "-", request.node.name.removeprefix("test_")).strip("-")
    try:
        yield Scenario(name, page)
    finally:
        context.close()


@pytest.fixture
def page_scenario(request, browser):
    """A scenario with no JupyterLab (pages opened from disk: the book)."""
    with _scenario(request, browser) as scenario:
        yield scenario


@pytest.fixture
def scenario(request, browser, lab):
    with _scenario(request, browser) as scenario_:
        try:
            yield scenario_
        finally:
            # the scenario's kernels: shut them down now rather than at the end of the module
            with contextlib.suppress(Exception):
                for session in lab.api("GET", "/api/sessions"):
                    lab.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
