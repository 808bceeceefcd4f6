"""Parsers for every form a Kamervragen document takes; see `dispatch.parse_bytes`."""
