"""GraphQL layer of the candidate space: signing in with a one-time link, the candidate's
own pages and data rights, and the advisers' invitation."""
