"""Long fuzzing of answers-file loading, by hand: ``python fuzz/fuzz_answers.py [-runs=N]``.

With atheris installed (``pip install atheris``) this is coverage-guided; otherwise it runs
the hypothesis strategies of tests/test_fuzz.py with many more examples. Any input that
raises something other than InputError is a bug: add it to ``test_fuzz_findings``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from helpers.banks import write_tiny_bank  # noqa: E402
from rcr_checklist.errors import InputError  # noqa: E402
from rcr_checklist.files.answers_io import (  # noqa: E402
    LoadedAnswers,
    check_against_bank,
    parse_answers,
)
from rcr_checklist.files.bank_loader import load_bank  # noqa: E402
from rcr_checklist.files.reading import decode_text  # noqa: E402
from rcr_checklist.model.scoring import score  # noqa: E402
from rcr_checklist.report.render import render_markdown  # noqa: E402

BANK = load_bank(write_tiny_bank(Path(tempfile.mkdtemp()) / "bank"))


def one_input(raw: bytes) -> None:
    """Load, check, score and render one input; only InputError is allowed."""
    try:
        answers, located = parse_answers(decode_text(raw, "a.yaml"), "a.yaml")
        loaded = LoadedAnswers(answers=answers, source="a.yaml", located=located)
        check_against_bank(loaded, BANK)
    except InputError as exc:
        assert all("\n" not in str(p) for p in exc.problems)
        return
    render_markdown(BANK, score(BANK, loaded.answers))


def main() -> None:
    """Run atheris when available, else a long hypothesis run."""
    try:
        import atheris
    except ImportError:
        import os

        import pytest

        os.environ.setdefault("RCR_FUZZ_EXAMPLES", "20000")
        args = [str(ROOT / "tests" / "test_fuzz.py"), "-q", "-p", "no:cacheprovider", "-x"]
        sys.exit(pytest.main(args))
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
