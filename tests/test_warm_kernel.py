"""Warm kernels (kerastutor/warm_kernel.py): Jupyter finds them by name, each notebook gets a fresh
process in which nothing of the previous notebook survives, a dead server is replaced, and a warm
start that fails becomes a cold start with a warning instead of a hang."""
import importlib.metadata
import json
import os

import nbformat
import pytest
from nbclient import NotebookClient

from kerastutor import forkserver, warm_kernel

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def run(*cells: str, kernel: str = warm_kernel.KERNEL_NAME, cwd=None) -> list[str]:
    """Execute the cells in a new kernel; the text each cell printed."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name=kernel, timeout=300, resources={"metadata": {"path": str(cwd or os.getcwd())}}).execute()
    return ["".join(o.get("text", "") for o in c.outputs if o.output_type == "stream") for c in nb.cells]


@pytest.fixture(scope="module", autouse=True)
def kernelspec():
    warm_kernel.ensure_installed()


def test_jupyter_finds_the_warm_kernel_by_name():
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(warm_kernel.KERNEL_NAME)
    assert spec.metadata["kernel_provisioner"]["provisioner_name"] == warm_kernel.KERNEL_NAME
    points = importlib.metadata.entry_points(group="jupyter_client.kernel_provisioners")
    assert [p.load() for p in points if p.name == warm_kernel.KERNEL_NAME] == [warm_kernel.WarmKernelProvisioner]


# The first notebook changes every kind of state a lesson could leave behind; the second reports
# what it finds. A cold kernel would find all of it pristine, and so must a warm one.
SPOIL = """\
import os, sys, json, random, types
import numpy as np, keras, matplotlib, kerastutor as kt
os.environ["KT_LEAK"] = "1"
os.chdir("/")
kt.set_language("en")
keras.config.set_floatx("float16")
keras.utils.set_random_seed(1)
for _ in range(3):
    keras.layers.Dense(1)
matplotlib.rcParams["lines.linewidth"] = 9.0
kt.LEAK = True
sys.modules["kt_leak_module"] = types.ModuleType("kt_leak_module")
np.random.seed(7)
print(json.dumps({"pid": os.getpid(), "ppid": os.getppid(), "np": np.random.rand()}))
"""
REPORT = """\
import os, sys, json, random
import numpy as np, keras, matplotlib, kerastutor as kt
print(json.dumps({"pid": os.getpid(), "ppid": os.getppid(), "leak_env": "KT_LEAK" in os.environ,
                  "cwd": os.getcwd(), "lang": kt.get_language(), "floatx": keras.config.floatx(),
                  "dense": keras.layers.Dense(1).name, "linewidth": matplotlib.rcParams["lines.linewidth"],
                  "kt_attr": hasattr(kt, "LEAK"), "module": "kt_leak_module" in sys.modules,
                  "np": np.random.rand(), "np2": np.random.rand()}))
"""


def leftovers() -> set[str]:
    import tempfile

    # this process's servers only: other test processes run warm kernels at the same time
    return {p.name for p in __import__("pathlib").Path(tempfile.gettempdir()).glob(f"kt-warm-{os.getpid()}-*")}


def test_nothing_of_one_notebook_reaches_the_next(tmp_path):
    spoiled = json.loads(run(SPOIL, cwd=tmp_path)[0])
    first = json.loads(run(REPORT, cwd=tmp_path)[0])
    second = json.loads(run(REPORT, cwd=tmp_path)[0])
    server = warm_kernel._servers[os.getpid()].proc.pid
    # warm: all three are children of this process's server, each a process of its own
    assert spoiled["ppid"] == first["ppid"] == second["ppid"] == server
    assert len({spoiled["pid"], first["pid"], second["pid"]}) == 3
    # pristine, as a cold kernel starts (Keras's and matplotlib's defaults, kerastutor's default language)
    expected = {"leak_env": False, "cwd": str(tmp_path), "lang": "zh", "floatx": "float32", "dense": "dense",
                "linewidth": 1.5, "kt_attr": False, "module": False}
    assert {k: first[k] for k in expected} == expected
    # NumPy's unseeded state comes from the OS in each kernel, not from the server or the seed before
    assert len({spoiled["np"], first["np"], second["np"]}) == 3


def test_a_dead_server_is_replaced(tmp_path):
    before = json.loads(run(REPORT, cwd=tmp_path)[0])["ppid"]
    dead = warm_kernel._servers[os.getpid()]
    dead.proc.kill()
    after = json.loads(run(REPORT, cwd=tmp_path)[0])["ppid"]
    assert after != before and after == warm_kernel._servers[os.getpid()].proc.pid
    assert not dead.folder.exists()


def test_a_server_that_cannot_start_gives_a_cold_kernel_with_a_warning(tmp_path, monkeypatch):
    warm_kernel._close_servers()
    before = leftovers()
    monkeypatch.setattr(warm_kernel, "WARM_CODE", "raise SystemExit('no warm server today')")
    with pytest.warns(warm_kernel.ColdStartWarning, match="no warm server today"):
        report = json.loads(run(REPORT, cwd=tmp_path)[0])
    assert report["ppid"] == os.getpid()            # a cold kernel: our own child
    assert leftovers() <= before                     # the failed server's folder is gone
    assert report["floatx"] == "float32"


def test_a_forked_kernel_that_dies_gives_a_cold_kernel_with_a_warning(tmp_path, monkeypatch):
    # The kernel is forked but asked for a kernel class that does not exist, so it exits at once.
    arguments = warm_kernel.kernel_arguments
    monkeypatch.setattr(warm_kernel, "kernel_arguments",
                        lambda cmd: arguments(cmd) + ["--IPKernelApp.kernel_class=kt_no_such_module.Kernel"])
    with pytest.warns(warm_kernel.ColdStartWarning, match="exited"):
        report = json.loads(run(REPORT, cwd=tmp_path)[0])
    assert report["ppid"] == os.getpid()


def test_the_protocol_fails_fast_when_the_server_dies(tmp_path):
    client = forkserver.Client("", "shared", tmp_path, timeout=60)
    client.proc.kill()
    client.proc.wait()
    with pytest.raises(forkserver.ForkServerError):
        client.spawn(tmp_path, tmp_path, {}, ["-f", str(tmp_path / "k.json")], timeout=5)
    assert not client.alive()
    client.close()
