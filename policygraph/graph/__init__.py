"""The graph layer: extraction records -> RDF, SHACL validation, stores, idempotent builds, exports, server."""
