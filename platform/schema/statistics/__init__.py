"""GraphQL layer of the statistics context."""
