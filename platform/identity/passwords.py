"""Password hashing (argon2id, OWASP parameters) and the password policy."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")

# OWASP Password Storage Cheat Sheet: argon2id, 19 MiB of memory, 2 iterations, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing hash (OIDC-only account) never matches."""
    if not password_hash:
        # Spend the same time as a real check so response times do not reveal accounts.
        HASHER.hash(password)
        return False
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, *, email: str = "", full_name: str = "") -> str | None:
    """Why ``password`` is refused (French), or None.

    Example:
        >>> password_problem("azerty123456")
        'Mot de passe trop courant : choisissez une phrase de passe moins prévisible.'
    """
    if len(password) < MIN_LENGTH:
        return f"Mot de passe trop court : au moins {MIN_LENGTH} caractères."
    if len(password) > MAX_LENGTH:
        return f"Mot de passe trop long : au plus {MAX_LENGTH} caractères."
    lowered = password.lower()
    if lowered in common_passwords() or _is_repetitive(lowered):
        return "Mot de passe trop courant : choisissez une phrase de passe moins prévisible."
    personal = [email.split("@")[0].lower(), *full_name.lower().split()]
    if any(len(part) >= 4 and part in lowered for part in personal):
        return "Le mot de passe ne doit pas contenir votre nom ou votre adresse e-mail."
    return None


def _is_repetitive(password: str) -> bool:
    return len(set(password)) <= 3
