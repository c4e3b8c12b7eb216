"""Load real social networks for the introductions evaluation (issue 4, "Quality, measured on
real networks").

Two layouts are read as they are, never converted on disk:

* CSV pairs: `<name>_nodes.csv` (an `id` column plus attribute columns; a cell may hold several
  values separated by `|`) and `<name>_edges.csv` (`source,target[,…]`, directed). Networks whose
  names share the prefix before the first `_` (`law_advice`, `law_cowork`, `law_friends`) describe
  the same people; each one's siblings become its *context layers* — what a user knows anyway.
* SNAP edge lists: `<name>.txt` with "u v" per line (space separated, CRLF tolerated, `#` comments)
  and optional `<name>-<attribute>-labels.txt` files with "node value" per line.

A path may be a folder of networks or a folder of such folders (e.g. `../shared/data`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from altruist.errors import ConfigError, ImportError_

MULTI_VALUE_SEPARATOR = "|"
_MISSING = {"", "na", "nan", "null", "none"}


@dataclass(frozen=True)
class Network:
    """One directed network with node attributes, indexed 0..n-1 in the order of `node_ids`."""

    name: str
    node_ids: tuple[str, ...]
    # attribute name -> one tuple of values per node (empty tuple = unknown)
    attributes: dict[str, tuple[tuple[str, ...], ...]]
    # directed (source, target) index pairs, deduplicated, without self-loops
    edges: tuple[tuple[int, int], ...]
    # sibling network name -> its directed edges mapped onto this network's node indices
    context: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    source: str = ""

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)

    @property
    def prefix(self) -> str:
        return self.name.split("_", 1)[0]


# ----------------------------------------------------------------------------- CSV layout


@contextmanager
def _utf8(path: Path) -> Iterator[None]:
    """A file in another encoding gets a clear error naming it, not a traceback."""
    try:
        yield
    except UnicodeDecodeError as exc:
        raise ImportError_(
            f"not UTF-8 text ({exc.reason}); save it as UTF-8", file=str(path)
        ) from exc


def _split_cell(cell: str) -> tuple[str, ...]:
    values = (v.strip() for v in cell.split(MULTI_VALUE_SEPARATOR))
    return tuple(v for v in values if v.lower() not in _MISSING)


def _read_nodes_csv(path: Path) -> tuple[list[str], dict[str, list[tuple[str, ...]]]]:
    with _utf8(path), path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise ImportError_("empty file, expected a header with an 'id' column", file=str(path))
        header = [h.strip() for h in header]
        if "id" not in header:
            raise ImportError_(f"no 'id' column in header {header}", file=str(path), line=1)
        id_col = header.index("id")
        attr_cols = [(i, h) for i, h in enumerate(header) if i != id_col and h]
        ids: list[str] = []
        seen: set[str] = set()
        attrs: dict[str, list[tuple[str, ...]]] = {h: [] for _, h in attr_cols}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ImportError_(
                    f"{len(row)} cells, header has {len(header)}", file=str(path), line=line
                )
            node_id = row[id_col].strip()
            if not node_id:
                raise ImportError_("empty id", file=str(path), line=line)
            if node_id in seen:
                raise ImportError_(f"duplicate id {node_id!r}", file=str(path), line=line)
            seen.add(node_id)
            ids.append(node_id)
            for i, h in attr_cols:
                attrs[h].append(_split_cell(row[i]))
    return ids, attrs


def _read_edges_csv(path: Path) -> list[tuple[str, str, int]]:
    with _utf8(path), path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise ImportError_("empty file, expected header 'source,target'", file=str(path))
        header = [h.strip() for h in header]
        if "source" not in header or "target" not in header:
            raise ImportError_(
                f"header {header} lacks 'source' and 'target' columns", file=str(path), line=1
            )
        s_col, t_col = header.index("source"), header.index("target")
        edges = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) <= max(s_col, t_col):
                raise ImportError_("missing source or target cell", file=str(path), line=line)
            source, target = row[s_col].strip(), row[t_col].strip()
            if not source or not target:
                raise ImportError_("empty source or target", file=str(path), line=line)
            edges.append((source, target, line))
    return edges


def _index_edges(
    raw: Iterable[tuple[str, str, int]], index: dict[str, int], path: Path
) -> tuple[tuple[int, int], ...]:
    seen: set[tuple[int, int]] = set()
    out: list[tuple[int, int]] = []
    for source, target, line in raw:
        for node in (source, target):
            if node not in index:
                raise ImportError_(f"unknown node id {node!r}", file=str(path), line=line)
        pair = (index[source], index[target])
        if pair[0] == pair[1] or pair in seen:  # self-loops carry no introduction
            continue
        seen.add(pair)
        out.append(pair)
    return tuple(out)


def _load_csv_network(name: str, nodes_path: Path, edges_path: Path) -> Network:
    ids, attrs = _read_nodes_csv(nodes_path)
    index = {node_id: i for i, node_id in enumerate(ids)}
    edges = _index_edges(_read_edges_csv(edges_path), index, edges_path)
    return Network(
        name=name,
        node_ids=tuple(ids),
        attributes={k: tuple(v) for k, v in attrs.items()},
        edges=edges,
        source=str(edges_path.parent),
    )


# ----------------------------------------------------------------------------- SNAP layout

_LABELS_RE = re.compile(r"^(?P<name>.+)-(?P<attr>[^-]+)-labels\.txt$")


def _read_pairs_txt(path: Path) -> list[tuple[str, str, int]]:
    pairs = []
    # Text mode turns CRLF into LF (SNAP copies often carry Windows line ends).
    with _utf8(path), path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            parts = text.split()
            if len(parts) != 2:
                raise ImportError_(
                    f"expected two whitespace-separated fields, got {len(parts)}: {text[:60]!r}",
                    file=str(path),
                    line=line_no,
                )
            pairs.append((parts[0], parts[1], line_no))
    return pairs


def _looks_like_edge_list(path: Path) -> bool:
    """Sniff the first data line: two integer node ids, as in every SNAP edge list. Keeps
    SOURCE.txt or licence texts out, while a real edge list with a broken line later still
    fails loudly, naming that line."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            text = line.strip()
            if text and not text.startswith("#"):
                parts = text.split()
                return len(parts) == 2 and all(p.lstrip("-").isdigit() for p in parts)
    return False


def _load_snap_network(name: str, edges_path: Path, label_files: dict[str, Path]) -> Network:
    raw = _read_pairs_txt(edges_path)
    labels: dict[str, dict[str, str]] = {}
    for attr, path in sorted(label_files.items()):
        labels[attr] = {node: value for node, value, _ in _read_pairs_txt(path)}
    ids: set[str] = {n for s, t, _ in raw for n in (s, t)}
    for mapping in labels.values():
        ids.update(mapping)
    ordered = sorted(ids, key=lambda v: (0, int(v), v) if v.isdigit() else (1, 0, v))
    index = {node_id: i for i, node_id in enumerate(ordered)}
    attributes = {
        attr: tuple(_split_cell(mapping.get(node, "")) for node in ordered)
        for attr, mapping in labels.items()
    }
    return Network(
        name=name,
        node_ids=tuple(ordered),
        attributes=attributes,
        edges=_index_edges(raw, index, edges_path),
        source=str(edges_path.parent),
    )


# ----------------------------------------------------------------------------- folders


def _networks_in_folder(folder: Path) -> list[Network]:
    networks: list[Network] = []
    for edges_path in sorted(folder.glob("*_edges.csv")):
        name = edges_path.name[: -len("_edges.csv")]
        nodes_path = folder / f"{name}_nodes.csv"
        if not nodes_path.is_file():
            raise ImportError_(
                f"no matching {nodes_path.name} for the edge file", file=str(edges_path)
            )
        networks.append(_load_csv_network(name, nodes_path, edges_path))
    txt_files = sorted(folder.glob("*.txt"))
    label_files = [p for p in txt_files if _LABELS_RE.match(p.name)]
    for edges_path in txt_files:
        if edges_path in label_files or not _looks_like_edge_list(edges_path):
            continue
        name = edges_path.stem
        labels = {}
        for p in label_files:
            m = _LABELS_RE.match(p.name)
            if m and m.group("name") == name:
                labels[m.group("attr")] = p
        networks.append(_load_snap_network(name, edges_path, labels))
    return _attach_context(networks)


def _attach_context(networks: list[Network]) -> list[Network]:
    """Give every CSV network the edges of its same-prefix siblings, mapped by node id."""
    out = []
    for net in networks:
        index = {node_id: i for i, node_id in enumerate(net.node_ids)}
        context: dict[str, tuple[tuple[int, int], ...]] = {}
        for other in networks:
            if other is net or "_" not in net.name or other.prefix != net.prefix:
                continue
            mapped = []
            for s, t in other.edges:
                a, b = index.get(other.node_ids[s]), index.get(other.node_ids[t])
                if a is not None and b is not None:
                    mapped.append((a, b))
            context[other.name] = tuple(mapped)
        out.append(Network(net.name, net.node_ids, net.attributes, net.edges, context, net.source))
    return out


def load_networks(path: Path | str, only: str | None = None) -> list[Network]:
    """Every network in `path` (a network folder, or a folder of network folders), sorted by name.

    `only` picks one network by name; an unknown name raises with the names that exist.
    """
    root = Path(path)
    if not root.is_dir():
        raise ImportError_("not a folder", file=str(root))
    networks = _networks_in_folder(root)
    if not networks:
        for sub in sorted(p for p in root.iterdir() if p.is_dir()):
            networks.extend(_networks_in_folder(sub))
    if not networks:
        raise ImportError_(
            "no networks found (expected <name>_nodes.csv + <name>_edges.csv or a SNAP <name>.txt)",
            file=str(root),
        )
    networks.sort(key=lambda n: n.name)
    if only is not None:
        picked = [n for n in networks if n.name == only]
        if not picked:
            names = ", ".join(n.name for n in networks)
            raise ConfigError(f"{root}: no network named {only!r}; found: {names}")
        return picked
    return networks
