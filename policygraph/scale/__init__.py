"""Building: the one builder (``build_policies``) with its extraction in this process, worker processes or a Dask
cluster, N-Quads shards and bulk loading, and counting a corpus's inputs for the progress bar.

A subpackage rather than one ``graph/bulk.py`` module because it has three separable parts that run in
different places: ``inputs`` (client: counting the inputs; reading them is ``extract.read_inputs``),
``shards`` (worker: extract -> validated N-Quads shard + manifest, importable on a Dask worker without the
client's modules) and ``load``/``runner`` (client: scheduling, resuming, loading shards into a store).
"""

from policygraph.scale.inputs import count_inputs
from policygraph.scale.load import load_shard, load_shard_dir
from policygraph.scale.runner import (
    DaskBackend,
    InProcessBackend,
    ProcessBackend,
    ScaleReport,
    build_policies,
    open_backend,
)
from policygraph.scale.shards import extract_chunk

__all__ = ["DaskBackend", "InProcessBackend", "ProcessBackend", "ScaleReport", "build_policies", "count_inputs",
           "extract_chunk", "load_shard", "load_shard_dir", "open_backend"]
