"""Certificates: numbering, signing, PDF, public verification, badges, revocation, paper copies."""
