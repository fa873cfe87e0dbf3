"""Policy versions: dated versions of one policy in, what changed between them out.

``sources`` reads versions (a history directory, a git repository, JSON Lines); ``build`` extracts them into the
versions directory (``cache``: each text's extraction kept by its hash, and each policy's list of versions);
``practices`` reads a version as practices by meaning; ``diff`` and ``timeline`` compare them, ``history`` picks
the versions to compare, ``compare`` answers the two questions and ``render`` prints them; ``graph`` writes
versions as dated named graphs and ``scope`` says which graphs a question reads in a store of versions.
"""
