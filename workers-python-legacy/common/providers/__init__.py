"""One module a provider family: a request builder and a reply parser, pure functions."""
