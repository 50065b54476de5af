"""Reports rendered once per test session for the verify tests (rendering costs ~0.1 s a page)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.reports import EPOCH
from rcr_checklist.app.report import write_report
from rcr_checklist.files.answers_io import load_answers
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import score


@dataclass(frozen=True)
class Reports:
    """The clinician quick check (14 pages) and two variants of it, as PDFs."""

    genuine: Path
    other_answers: Path  # same product and date, one answer changed
    other_product: Path  # another product's report of the same length
    answers: AnswersFile


def _render(bank: Bank, answers: AnswersFile, target: Path) -> Path:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return write_report(bank, score(bank, answers), target)
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


@pytest.fixture(scope="session")
def reports(rcr_bank: Bank, tmp_path_factory: pytest.TempPathFactory) -> Reports:
    folder = tmp_path_factory.mktemp("reports")
    answers = load_answers(examples_dir() / "clinician-quickcheck.yaml", rcr_bank).answers
    qid, answer = next(
        (qid, a) for qid, a in answers.answers.items() if isinstance(a.value, str) and a.comment
    )
    changed = answers.model_copy(
        update={
            "answers": {
                **answers.answers,
                qid: answer.model_copy(update={"comment": (answer.comment or "") + " Revised."}),
            }
        }
    )
    product = {**answers.product.model_dump(), "name": "Another Scanner"}
    other = answers.model_copy(update={"product": answers.product.model_validate(product)})
    return Reports(
        genuine=_render(rcr_bank, answers, folder / "genuine.pdf"),
        other_answers=_render(rcr_bank, changed, folder / "other-answers.pdf"),
        other_product=_render(rcr_bank, other, folder / "other-product.pdf"),
        answers=answers,
    )
