"""The one way redline reads YAML: PyYAML's safe loader behind limits checked before anything expands.

Hostile YAML does its harm before a safe loader ever builds an object: a "billion
laughs" chain of anchors and aliases is a few hundred bytes that stand for a billion
nodes, and anything that walks the loaded value (canonical JSON, a digest, a page)
pays for all of them. :func:`load` therefore refuses, in this order and before it
composes a single node:

1. more than ``max_bytes`` bytes of input (default 8 MiB), or text that is not UTF-8;
2. a NUL character anywhere;
3. more than ``max_aliases`` aliases (``*name``, merge keys included; default 100;
   ``0`` refuses every alias);
4. nesting deeper than ``max_depth`` collections (default 200; libyaml's composer
   recurses in C and would crash on very deep input instead of raising);
5. more than ``max_nodes`` nodes once every alias is expanded (default 1,000,000;
   scalars, sequences and mappings, keys included), counted from the event stream
   without expanding anything, and aliases that refer to themselves;

and then, while building the value, a mapping that repeats a key (YAML says keys are
unique; PyYAML would silently keep the last one; ``allow_duplicate_keys=True`` keeps
PyYAML's behaviour) and everything PyYAML's ``SafeLoader`` refuses (Python tags, bad
syntax, several documents in one stream).

Every refusal is a :class:`~redline.core.errors.InvalidInput` whose message names the
source and the problem, with the line and column when the parser gives one::

    risk.yaml: 101 aliases, more than the 100 allowed (line 7, column 12)

Callers name the source (a file name as the user gave it, ``"request body"``…) with
``source=``; :func:`load_file` reads a file with the same limits and names it itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from redline.core.errors import InvalidInput

__all__ = [
    "DEFAULT_MAX_ALIASES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_NODES",
    "load",
    "load_file",
]

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_ALIASES = 100
DEFAULT_MAX_NODES = 1_000_000
DEFAULT_MAX_DEPTH = 200

# libyaml when PyYAML was built with it (fast, and the event pass below keeps its
# recursive composer away from deep input); the pure-Python loader otherwise.
_Loader: Callable[[str], Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _where(mark: Any) -> str:
    if mark is None:
        return ""
    return f" (line {mark.line + 1}, column {mark.column + 1})"


def _refuse(source: str, problem: str, mark: Any = None) -> InvalidInput:
    return InvalidInput(source, f"{problem}{_where(mark)}")


def _text(data: str | bytes, source: str, max_bytes: int) -> str:
    if isinstance(data, bytes):
        if len(data) > max_bytes:
            raise _refuse(source, f"{len(data)} bytes, more than the {max_bytes} allowed")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _refuse(source, f"not UTF-8 text (byte {exc.start})") from None
    elif isinstance(data, str):
        # A character is at least one byte, so a long string is refused without encoding it.
        size = len(data) if len(data) > max_bytes else len(data.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise _refuse(source, f"{size} bytes, more than the {max_bytes} allowed")
        text = data.removeprefix("\ufeff")
    else:
        raise TypeError(f"safe_yaml.load takes str or bytes, not {type(data).__name__}")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise InvalidInput(source, f"NUL character (line {line}, column {column})")
    return text


def _check_events(text: str, source: str, *, max_aliases: int, max_nodes: int, max_depth: int) -> None:
    """Count aliases, depth and expanded nodes from the event stream; nothing is composed."""
    loader = _Loader(text)
    aliases = 0
    total = 0  # nodes seen so far, each alias counted as the whole node it names
    sizes: dict[str, int] = {}  # anchor -> expanded size of the node it names
    stack: list[tuple[str | None, int]] = []  # open collections: (anchor, expanded size so far)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, CollectionStartEvent):
                if len(stack) >= max_depth:
                    raise _refuse(source, f"nested more than {max_depth} collections deep", event.start_mark)
                stack.append((event.anchor, 1))
                added = 1
            elif isinstance(event, CollectionEndEvent):
                anchor, size = stack.pop()
                if anchor is not None:
                    sizes[anchor] = size
                if stack:
                    stack[-1] = (stack[-1][0], stack[-1][1] + size)
                continue
            elif isinstance(event, (ScalarEvent, AliasEvent)):
                if isinstance(event, AliasEvent):
                    aliases += 1
                    if aliases > max_aliases:
                        raise _refuse(
                            source, f"{aliases} aliases, more than the {max_aliases} allowed", event.start_mark
                        )
                    if any(anchor == event.anchor for anchor, _ in stack):
                        raise _refuse(source, f"alias *{event.anchor} refers to itself", event.start_mark)
                    added = sizes.get(event.anchor, 1)  # an undefined alias is the composer's error below
                else:
                    added = 1
                    if event.anchor is not None:
                        sizes[event.anchor] = 1
                if stack:
                    stack[-1] = (stack[-1][0], stack[-1][1] + added)
            else:
                continue
            total += added
            if total > max_nodes:
                raise _refuse(source, f"more than {max_nodes} nodes once aliases are expanded", event.start_mark)
    except yaml.MarkedYAMLError as exc:
        raise _refuse(source, _problem(exc), exc.problem_mark) from None
    except yaml.YAMLError as exc:
        raise _refuse(source, str(exc)) from None
    finally:
        loader.dispose()


def _problem(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return ", ".join(parts) or "invalid YAML"


def _check_duplicate_keys(root: Node | None, source: str) -> None:
    """Refuse a mapping that repeats a key (each node object is visited once, aliases or not)."""
    if root is None:
        return
    seen: set[int] = set()
    todo: list[Node] = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            keys: dict[tuple[str, str], Node] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    ident = (key.tag, key.value)
                    if ident in keys:
                        raise _refuse(source, f"duplicate key {key.value!r}", key.start_mark)
                    keys[ident] = key
                todo.extend((key, value))
        elif isinstance(node, SequenceNode):
            todo.extend(node.value)


def load(
    data: str | bytes,
    *,
    source: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_aliases: int = DEFAULT_MAX_ALIASES,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    allow_duplicate_keys: bool = False,
) -> Any:
    """The value of one YAML document, or InvalidInput naming ``source`` and the problem.

    ``data`` is text or UTF-8 bytes (a byte-order mark is dropped). An empty document
    loads as ``None``. The limits are described in the module docstring.
    """
    for name, value in (("max_bytes", max_bytes), ("max_aliases", max_aliases),
                        ("max_nodes", max_nodes), ("max_depth", max_depth)):
        if value < 0:
            raise ValueError(f"safe_yaml.load: {name} must be at least 0, got {value}")
    text = _text(data, source, max_bytes)
    _check_events(text, source, max_aliases=max_aliases, max_nodes=max_nodes, max_depth=max_depth)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if not allow_duplicate_keys:
            _check_duplicate_keys(node, source)
        return None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _refuse(source, _problem(exc), exc.problem_mark) from None
    except yaml.YAMLError as exc:
        raise _refuse(source, str(exc)) from None
    except RecursionError:
        raise _refuse(source, "nested too deeply") from None
    finally:
        loader.dispose()


def load_file(path: str | Path, *, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              **limits: Any) -> Any:
    """Read ``path`` (at most ``max_bytes`` bytes are read) and :func:`load` it.

    The source in messages is ``source`` or the path as given. A missing, unreadable or
    directory path is an InvalidInput too.
    """
    name = source if source is not None else str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InvalidInput(name, "is a directory, not a file") from None
    except FileNotFoundError:
        raise InvalidInput(name, "no such file") from None
    except OSError as exc:
        raise InvalidInput(name, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InvalidInput(name, f"more than the {max_bytes} bytes allowed")
    return load(data, source=name, max_bytes=max_bytes, **limits)
