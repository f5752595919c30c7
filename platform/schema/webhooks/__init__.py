"""GraphQL layer of the webhooks context: subscriptions, the delivery log, replay."""
