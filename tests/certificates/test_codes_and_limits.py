"""Numbers, verification codes and the verification page's rate limit (pure functions)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clea_platform.certificates.codes import (
    CROCKFORD,
    certificate_number,
    format_code,
    new_verification_code,
    normalise_code,
)
from clea_platform.certificates.ratelimit import SlidingWindowLimiter


def test_numbers_name_the_certification_the_year_and_the_rank() -> None:
    assert certificate_number("CLEA", 2026, 123) == "CLEA-2026-000123"
    assert certificate_number("CLEA_NUMERIQUE", 2027, 1) == "CLEA-NUMERIQUE-2027-000001"


def test_verification_codes_are_ten_random_crockford_characters() -> None:
    codes = {new_verification_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(code) == 10 and set(code) <= set(CROCKFORD) for code in codes)
    assert not any(letter in "".join(codes) for letter in "ILOU")


@given(st.text(alphabet=CROCKFORD, min_size=10, max_size=10))
def test_a_printed_code_typed_any_reasonable_way_is_found(code: str) -> None:
    printed = format_code(code)
    for typed in (printed, printed.lower(), code, f" {printed} ", printed.replace("-", " ")):
        assert normalise_code(typed) == code


def test_look_alike_letters_read_as_digits_and_junk_is_no_code() -> None:
    assert normalise_code("O0IL1-ABCDE") == "00111ABCDE"
    for junk in ("", "ABCDE", "ABCDE-FGHJKX", "ABCDE-FGHJU", "ABCDE_FGHJK", "é" * 10, "A" * 500):
        assert normalise_code(junk) is None


def test_the_limit_applies_per_address_over_a_sliding_window() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(limit=3, window=60, clock=lambda: now[0])
    assert [limiter.hit("a") for _ in range(3)] == [0, 0, 0]
    # The fourth within the minute waits until the first leaves the window
    now[0] = 20.0
    assert limiter.hit("a") == 40
    assert limiter.hit("b") == 0  # another address is not affected
    now[0] = 60.5
    assert limiter.hit("a") == 0


def test_the_table_of_addresses_stays_bounded() -> None:
    limiter = SlidingWindowLimiter(limit=1, window=60, max_keys=100, clock=lambda: 0.0)
    for index in range(1000):
        limiter.hit(f"10.0.{index // 250}.{index % 250}")
    assert len(limiter._hits) == 100
