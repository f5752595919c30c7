"""Webhooks: organisations' own systems told of their events, signed, from a durable outbox."""
