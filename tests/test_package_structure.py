"""The package's seams: no import cycle between kerastutor's modules (lazy imports inside functions
count too), and Keras's private `keras.src` reached from one documented module only."""
import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "kerastutor"
INTERNALS = PACKAGE / "shapes" / "_keras_internals.py"


def module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: pathlib.Path) -> set[str]:
    """Every kerastutor module `path` imports, at the top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.split(".")[0] != "kerastutor":
                continue
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)   # `from . import formulas`
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "kerastutor")
    return found


def graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports_of(p) if m in paths and m != name} for name, p in paths.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Elementary cycles found by depth-first search (one per back edge), packages excluded: a
    package's __init__ importing its own submodules is how packages are made, not a cycle."""
    found, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if node.startswith(nxt + "."):        # a module importing its own package's __init__
                continue
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return [c for c in found if not any(a.startswith(b + ".") or b.startswith(a + ".") for a, b in zip(c, c[1:]))]


def test_no_import_cycle_in_the_package():
    assert cycles(graph()) == []


def test_the_cycle_finder_can_fail():
    assert cycles({"k.a": {"k.b"}, "k.b": {"k.a"}}) == [["k.a", "k.b", "k.a"]]
    assert cycles({"k.a": {"k.b"}, "k.b": set()}) == []


def test_keras_src_only_in_the_internals_module():
    users = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if "keras.src" in p.read_text(encoding="utf-8") and p != INTERNALS)
    assert users == []


def test_shapes_submodules_keep_their_names():
    import importlib

    import kerastutor.shapes

    for name in ("diagnosis", "tracing", "expect", "formulas", "rows", "arithmetic", "families"):
        module = importlib.import_module(f"kerastutor.shapes.{name}")
        assert type(module).__name__ == "module", name
    assert callable(kerastutor.shapes.explain) and kerastutor.shapes.explain is kerastutor.shapes.tracing.trace


@pytest.fixture(scope="module")
def shared_model():
    import keras

    dense = keras.layers.Dense(3, name="shared")
    a, b = keras.Input((4,)), keras.Input((4,))
    return keras.Model([a, b], keras.layers.Add()([dense(a), dense(b)]))


def test_keras_internals_on_this_keras(shared_model):
    """What `_keras_internals` reaches past the public API still works on the installed Keras."""
    import keras

    from kerastutor.shapes import _keras_internals as internals

    nodes = internals.call_nodes(shared_model)
    names = [layer.name for layer, _, _ in nodes]
    assert names.count("shared") == 2 and names[-1].startswith("add")
    assert [tuple(x.shape) for x in nodes[-1][1]] == [(None, 3), (None, 3)]
    assert internals.call_nodes(keras.Sequential([keras.layers.Dense(2)])) is None   # not built

    seen, original = [], keras.layers.Layer.__call__
    with pytest.raises(ValueError):
        with internals.recording_layer_calls(lambda layer, call, args, kwargs: seen.append(layer.name) or call()):
            keras.layers.Dense(2, name="watched")(keras.Input((3,)))
            raise ValueError("the body fails")
    assert seen == ["watched"] and keras.layers.Layer.__call__ is original


def test_families_from_public_classes():
    import keras

    from kerastutor.shapes.families import conv_kind, is_global_pooling, is_merge, is_pooling

    L = keras.layers
    assert [conv_kind(x) for x in (L.Conv1D(2, 3), L.Conv2DTranspose(2, 3), L.DepthwiseConv2D(3),
                                    L.SeparableConv1D(2, 3), L.Dense(2))] == \
        ["conv", "transpose", "depthwise", "separable", None]
    assert is_pooling(L.AveragePooling3D(2)) and not is_pooling(L.GlobalMaxPooling1D())
    assert is_global_pooling(L.GlobalAveragePooling2D()) and is_merge(L.Dot(axes=1)) and not is_merge(L.Dense(1))
