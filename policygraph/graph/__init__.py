"""The graph layer: records -> RDF, SHACL validation, stores, idempotent builds, exports, the server."""
