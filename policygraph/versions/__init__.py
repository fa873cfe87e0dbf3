"""Policy versions: dated versions of one policy in, what changed between them out.

``sources`` reads versions (a history directory, a git repository, JSON Lines), ``cache`` keeps each version's
extraction on disk by content hash, ``practices`` reads a version as practices by meaning, ``diff`` and
``timeline`` compare them, ``render`` prints the answers.
"""
