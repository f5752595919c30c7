"""GraphQL layer of declarations to the national training-account system (Certif'Pro)."""
