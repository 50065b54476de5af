"""What ``verify`` exits with: the difference said once (app.verify.VerifyRun.error)."""

from __future__ import annotations

from pathlib import Path

from rcr_checklist.app.verify import VerifyRun

MISSING = "page 3 of 8 is missing: the report has 7 pages, but they are numbered 1 to 8"


def test_the_error_names_the_difference_when_it_was_not_printed_beside_it() -> None:
    run = VerifyRun(Path("cut.pdf"), [MISSING])
    error = run.error()
    assert error is not None and error.exit_code == 1
    assert str(error) == f"cut.pdf: {MISSING}"


def test_the_error_points_at_the_differences_listed_on_the_same_terminal() -> None:
    one = VerifyRun(Path("cut.pdf"), [MISSING]).error(listed=True)
    assert one is not None and one.exit_code == 1
    assert str(one) == "cut.pdf does not verify: 1 difference, listed above"
    assert MISSING not in str(one)
    two = VerifyRun(Path("cut.pdf"), [MISSING, "page 4: the text was changed"]).error(listed=True)
    assert str(two) == "cut.pdf does not verify: 2 differences, listed above"
    assert VerifyRun(Path("ok.pdf"), []).error(listed=True) is None
