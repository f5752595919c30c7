"""Paritaire juries: the roster of members, sessions with attendance and agenda, recusals
and decisions; closing a session freezes it and issues the certificates."""
