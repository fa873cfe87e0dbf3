"""N-Quads bytes of policy graphs (one named graph per policy), cut and relabelled without parsing."""

from __future__ import annotations

from policygraph.errors import StoreError


def split_by_graph(nquads: bytes, graphs: list[str]) -> dict[str, bytes]:
    """The N-Triples of each named graph in ``graphs`` (lines are ``s p o <graph> .``)."""
    suffixes = {f" <{g}> .".encode(): g for g in graphs}
    out: dict[str, list[bytes]] = {g: [] for g in graphs}
    for line in nquads.splitlines():
        line = line.rstrip()
        if not line:
            continue
        for suffix, graph in suffixes.items():
            if line.endswith(suffix):
                out[graph].append(line[: -len(suffix)] + b" .")
                break
        else:
            raise StoreError(f"shard line outside the shard's policy graphs: {line[:120]!r}")
    return {g: b"\n".join(lines) + b"\n" for g, lines in out.items()}


def as_quads(ntriples: bytes, graph: str) -> bytes:
    """N-Triples (lines ending `` .``; literals never hold a raw newline) as N-Quads in ``graph``."""
    return ntriples.replace(b" .\n", f" <{graph}> .\n".encode())
