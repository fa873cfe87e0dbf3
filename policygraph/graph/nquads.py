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
    """N-Triples lines as N-Quads lines in the named graph ``graph`` (blank lines dropped; a line that is no
    N-Triples statement is an error, never a silently wrong quad)."""
    suffix = f" <{graph}> .".encode()
    lines = []
    for line in ntriples.splitlines():
        line = line.rstrip()
        if line:
            if not line.endswith(b"."):
                raise ValueError(f"not an N-Triples line: {line[:80]!r}")
            lines.append(line[:-1].rstrip() + suffix)
    return b"\n".join(lines) + b"\n" if lines else b""
