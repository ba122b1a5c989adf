"""Draw a functional model's layer graph with matplotlib only (no pydot, no Graphviz).

`model_graph(model)` is the pure part: it reads the model's graph of layer calls and returns plain
data, a `Graph` of nodes (one per layer: its class, whether it is an input or an output, how many
times the model calls it) and edges (one per tensor passed from a layer to a later layer's call).
`draw(model)` lays that out in levels (inputs at the top) and draws it. A shared layer, called
several times, is drawn once, in its own colour, with one incoming edge per call.

`plot_model_or_explain(model, path)` tries `keras.utils.plot_model` (which needs pydot and the
Graphviz programs) and, when they are missing, says so in one clear line instead of failing.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import os

from .errors import KerastutorError
from .i18n import register, t

MESSAGES = {
    "graph.not_functional": {
        "zh": "{name} 没有可以画出来的层图：只有函数式模型和带 keras.Input 的 Sequential 模型才有。"
              "子类化模型的结构写在 call() 的 Python 代码里，要先运行才知道。",
        "en": "{name} has no layer graph to draw: only functional models and Sequential models started "
              "with keras.Input have one. A subclassed model's structure lives in the Python code of its "
              "call(), known only when it runs.",
    },
    "graph.no_plot_model": {
        "zh": "keras.utils.plot_model 画不出图：{message}（它需要 pydot 包和 Graphviz 程序。"
              "没关系：下面用 kerastutor.graph.draw 画，只需要 matplotlib。）",
        "en": "keras.utils.plot_model cannot draw here: {message} (it needs the pydot package and the "
              "Graphviz programs. No matter: kerastutor.graph.draw below needs only matplotlib.)",
    },
    "graph.plot_model_ok": {
        "zh": "keras.utils.plot_model 已把图写入 {path}。",
        "en": "keras.utils.plot_model wrote the picture to {path}.",
    },
    "graph.legend.input": {"zh": "输入", "en": "input"},
    "graph.legend.output": {"zh": "输出", "en": "output"},
    "graph.legend.layer": {"zh": "层", "en": "layer"},
    "graph.legend.shared": {"zh": "共享层（#k：第 k 次调用）", "en": "shared layer (#k: its k-th call)"},
    "graph.calls": {"zh": "调用 {n} 次", "en": "called {n}×"},
}
register(MESSAGES)


@dataclasses.dataclass
class GraphNode:
    """One layer of the model."""

    name: str
    cls: str
    kind: str  # "input", "output" or "layer"
    calls: int  # how many times the model calls this layer (2 or more: a shared layer)
    level: int  # 0 for inputs; otherwise 1 + the highest level among the layers feeding it
    output_shapes: list  # one output shape per call (a list of shapes for a multi-output call)

    @property
    def shared(self) -> bool:
        return self.calls > 1


@dataclasses.dataclass
class GraphEdge:
    """A tensor made by call number `src_call` of layer `src`, going into call number `call` of
    layer `dst` (both counted from 0)."""

    src: str
    dst: str
    call: int
    shape: tuple
    src_call: int = 0


@dataclasses.dataclass
class Graph:
    name: str
    nodes: list
    edges: list

    def node(self, name: str) -> GraphNode:
        return next(n for n in self.nodes if n.name == name)

    def shared(self) -> list[str]:
        """Names of the layers the model calls more than once."""
        return [n.name for n in self.nodes if n.shared]

    def inputs_of(self, name: str) -> list[str]:
        return [e.src for e in self.edges if e.dst == name]

    def to_data(self) -> dict:
        return {"name": self.name, "nodes": [dataclasses.asdict(n) for n in self.nodes],
                "edges": [dataclasses.asdict(e) for e in self.edges]}


def _shape(tensor) -> tuple:
    return tuple(tensor.shape)


def model_graph(model) -> Graph:
    """The layer graph of a functional (or Sequential-with-Input) model, as plain data."""
    import keras

    graph = getattr(model, "_functional", None) if isinstance(model, keras.Sequential) else model
    by_depth = getattr(graph, "_nodes_by_depth", None)
    if by_depth is None:
        raise KerastutorError("graph.not_functional", name=getattr(model, "name", type(model).__name__))
    output_layers = {id(x._keras_history.operation) for x in model.outputs}
    walk = [node for depth in sorted(by_depth, reverse=True) for node in by_depth[depth]]

    # Number each layer's calls in the order they were made (the old node_index), counting only
    # the calls that belong to this model.
    layers, call_of = {}, {}
    for node in walk:
        layers.setdefault(id(node.operation), (node.operation, []))[1].append(node)
    for layer, nodes in layers.values():
        inbound = list(getattr(layer, "_inbound_nodes", []))
        nodes.sort(key=lambda n: next((i for i, m in enumerate(inbound) if m is n), len(inbound)))
        for i, n in enumerate(nodes):
            call_of[id(n)] = i

    levels, shapes, first_seen = {}, {}, {}
    tensor_level: dict[int, int] = {}
    edges = []
    # Deeper nodes are nearer the inputs: walking from the largest depth down visits every call
    # after the calls that produce its inputs.
    for node in walk:
        layer = node.operation
        key = id(layer)
        first_seen.setdefault(key, len(first_seen))
        level = 0
        for x in node.input_tensors:
            src, src_index = x._keras_history.operation, x._keras_history.node_index
            src_nodes = getattr(src, "_inbound_nodes", [])
            src_call = call_of.get(id(src_nodes[src_index]), 0) if src_index < len(src_nodes) else 0
            edges.append(GraphEdge(src.name, layer.name, call_of[id(node)], _shape(x), src_call))
            level = max(level, tensor_level.get(id(x), 0) + 1)
        for y in node.output_tensors:
            tensor_level[id(y)] = level
        levels[key] = max(levels.get(key, 0), level)
    for key, (layer, nodes) in layers.items():
        outs = [[_shape(y) for y in n.output_tensors] for n in nodes]
        shapes[key] = [o[0] if len(o) == 1 else o for o in outs]
    edges.sort(key=lambda e: (e.dst, e.call))

    input_rank = {id(x._keras_history.operation): i for i, x in enumerate(model.inputs)}
    order = sorted(layers, key=lambda k: (levels[k], input_rank.get(k, 0), first_seen[k]))
    nodes = []
    for key in order:
        layer, calls = layers[key][0], len(layers[key][1])
        if isinstance(layer, keras.layers.InputLayer):
            kind = "input"
        elif key in output_layers:
            kind = "output"
        else:
            kind = "layer"
        nodes.append(GraphNode(layer.name, type(layer).__name__, kind, calls, levels[key], shapes[key]))
    return Graph(model.name, nodes, edges)


def layout(graph: Graph, spacing: float = 3.2) -> dict[str, tuple[float, float]]:
    """x, y of every node: one row per level (inputs on top), each row centred, children placed
    under the mean position of their parents so that edges cross as little as possible."""
    rows: dict[int, list[GraphNode]] = {}
    for node in graph.nodes:
        rows.setdefault(node.level, []).append(node)
    pos: dict[str, tuple[float, float]] = {}
    for level in sorted(rows):
        row = rows[level]
        if level:
            def barycentre(n, row=row):
                xs = [pos[s][0] for s in graph.inputs_of(n.name) if s in pos]
                return sum(xs) / len(xs) if xs else 0.0
            row = sorted(row, key=barycentre)
        width = (len(row) - 1) * spacing
        for i, node in enumerate(row):
            pos[node.name] = (i * spacing - width / 2, -1.6 * level)
    return pos


COLOURS = {"input": "#cfe3fb", "output": "#cdeccf", "layer": "#eeeeee", "shared": "#fbd990"}


def draw(model_or_graph, ax=None, title: str | None = None, show_shapes: bool = True):
    """Draw the layer graph; returns the matplotlib Axes."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch, Patch

    graph = model_or_graph if isinstance(model_or_graph, Graph) else model_graph(model_or_graph)
    pos = layout(graph)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    if ax is None:
        width = max(6.0, (max(xs) - min(xs)) * 0.9 + 4.0)
        height = max(3.0, (max(ys) - min(ys)) * 0.75 + 2.2)
        _, ax = plt.subplots(figsize=(width, height))
    box_w, box_h = 2.7, 0.8
    shared = set(graph.shared())
    pairs: dict[tuple, list] = {}
    for edge in graph.edges:
        pairs.setdefault((edge.src, edge.dst), []).append(edge)
    for (src, dst), group in pairs.items():
        for k, edge in enumerate(group):
            shift = (k - (len(group) - 1) / 2) * 1.2  # parallel edges side by side
            (x0, y0), (x1, y1) = pos[src], pos[dst]
            x0, x1 = x0 + shift, x1 + shift
            ax.annotate("", xy=(x1, y1 + box_h / 2), xytext=(x0, y0 - box_h / 2),
                        arrowprops=dict(arrowstyle="-|>", color="#555555", lw=1.2, shrinkA=0, shrinkB=0))
            label = str(edge.shape) if show_shapes else ""
            if dst in shared or src in shared:
                number = edge.call if dst in shared else edge.src_call
                label = f"#{number + 1}\n{label}".strip()
            if label:
                ax.text((x0 + x1) / 2, (y0 + y1) / 2, label, fontsize=7, ha="center", va="center",
                        color="#333333", bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
    for node in graph.nodes:
        x, y = pos[node.name]
        colour = COLOURS["shared"] if node.shared else COLOURS[node.kind]
        ax.add_patch(FancyBboxPatch((x - box_w / 2, y - box_h / 2), box_w, box_h,
                                    boxstyle="round,pad=0.04", fc=colour, ec="#333333",
                                    lw=2.0 if node.shared else 1.0))
        label = f"{node.name}\n{node.cls}"
        if node.shared:
            label += "  · " + t("graph.calls", n=node.calls)
        ax.text(x, y, label, ha="center", va="center", fontsize=8)
    ax.set_xlim(min(xs) - box_w, max(xs) + box_w)
    ax.set_ylim(min(ys) - box_h, max(ys) + box_h)
    ax.set_axis_off()
    kinds = {n.kind for n in graph.nodes} | ({"shared"} if graph.shared() else set())
    handles = [Patch(fc=COLOURS[k], ec="#333333", label=t(f"graph.legend.{k}"))
               for k in ("input", "layer", "shared", "output") if k in kinds]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(handles),
              fontsize=8, frameon=False)
    if title:
        ax.set_title(title, pad=22)
    return ax


def plot_model_or_explain(model, to_file, **kwargs) -> bool:
    """Try keras.utils.plot_model; True when it wrote `to_file`. When pydot or Graphviz is
    missing (keras raises ImportError, or in a notebook prints a message and returns None), print
    one clear line in the learner's language and return False."""
    import keras

    to_file = os.fspath(to_file)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            keras.utils.plot_model(model, to_file=to_file, **kwargs)
    except ImportError as exc:
        message = str(exc).strip()
    else:
        if os.path.exists(to_file):
            print(t("graph.plot_model_ok", path=os.path.basename(to_file)))
            return True
        message = printed.getvalue().strip() or "?"
    print(t("graph.no_plot_model", message=message.splitlines()[0]))
    return False
