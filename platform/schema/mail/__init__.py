"""GraphQL layer of the mail context: the outbox's messages set aside."""
