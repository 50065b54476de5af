"""Which files of a folder are submissions (app.inputs.expand_inputs)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from rcr_checklist.app.inputs import expand_inputs
from rcr_checklist.app.schemas import json_schema
from rcr_checklist.errors import Problem
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.model.bank import Bank


def test_a_folder_gives_answers_files_and_leaves_the_schema_and_other_json(
    tmp_path: Path, rcr_bank: Bank
) -> None:
    folder = tmp_path / "subs"
    (folder / "vendor-b").mkdir(parents=True)
    shutil.copy(examples_dir() / "chestflow.yaml", folder / "a.yaml")
    shutil.copy(examples_dir() / "strokescan.yaml", folder / "vendor-b" / "b.yaml")
    # the schema the README suggests keeping beside the answers names the format as a const
    schema = json.dumps(json_schema("answers", rcr_bank))
    assert '"rcr-checklist/answers/v1"' in schema
    (folder / "answers.schema.json").write_text(schema, encoding="utf-8")
    (folder / "scores.expected.json").write_text('{"rating": "Meets"}', encoding="utf-8")
    answers = {
        "format": "rcr-checklist/answers/v1",
        "bank": {"id": "rcr-ai-principles", "version": "2.0.0"},
        "answers": {},
    }
    (folder / "c.json").write_text(json.dumps(answers, indent=2), encoding="utf-8")
    (folder / "d.json").write_text(json.dumps(answers, separators=(",", ":")), encoding="utf-8")
    (folder / ".hidden.yaml").write_text("x: 1", encoding="utf-8")
    (folder / "notes.txt").write_text("not a submission", encoding="utf-8")
    found = [p.relative_to(folder).as_posix() for p in expand_inputs([folder])]
    assert found == ["a.yaml", "c.json", "d.json", "vendor-b/b.yaml"]


def test_links_fifos_devices_and_hidden_submissions_in_a_folder_are_not_read_but_named(
    tmp_path: Path,
) -> None:
    import os

    folder = tmp_path / "vendor"
    folder.mkdir()
    shutil.copy(examples_dir() / "chestflow.yaml", folder / "c.yaml")
    secret = tmp_path / "secret.conf"
    secret.write_text("db_password: hunter2\n", encoding="utf-8")
    other = tmp_path / "other-vendor.yaml"
    shutil.copy(examples_dir() / "strokescan.yaml", other)
    (folder / "a.yaml").symlink_to(secret)
    (folder / "b.yaml").symlink_to("../other-vendor.yaml")
    (folder / "broken.yaml").symlink_to("missing.yaml")
    (folder / "loop1.yaml").symlink_to("loop2.yaml")
    (folder / "loop2.yaml").symlink_to("loop1.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.yaml")  # opening it would block
    (folder / "x.yaml").mkdir()
    (folder / ".hidden").mkdir()
    shutil.copy(examples_dir() / "strokescan.yaml", folder / ".hidden" / "d.yaml")
    skipped: list[Problem] = []
    found = expand_inputs([folder], skipped)
    assert [p.name for p in found] == ["c.yaml"]
    link = "is a symbolic link; not read (copy the file in if it belongs to this tender)"
    assert [str(p).replace(str(folder), "V") for p in skipped] == [
        "V/.hidden: is a hidden folder; its files are not read",
        f"V/a.yaml: {link}",
        f"V/b.yaml: {link}",
        f"V/broken.yaml: {link}",
        "V/fifo.yaml: is not a regular file (a FIFO); not read",
        f"V/loop1.yaml: {link}",
        f"V/loop2.yaml: {link}",
        "V/x.yaml: is a folder, not a file; its files are read",
        f"V/zero.yaml: {link}",
    ]


def test_compare_of_a_folder_warns_about_a_link_to_another_vendor_and_compares_the_rest(
    tmp_path: Path,
) -> None:
    from rcr_checklist.app.compare import run_compare

    folder = tmp_path / "tender"
    folder.mkdir()
    shutil.copy(examples_dir() / "chestflow.yaml", folder / "a.yaml")
    shutil.copy(examples_dir() / "strokescan.yaml", folder / "b.yaml")
    shutil.copy(examples_dir() / "chestflow.yaml", tmp_path / "other-vendor.yaml")
    (folder / "c.yaml").symlink_to("../other-vendor.yaml")
    warnings: list[str] = []
    run = run_compare([folder], tmp_path / "cmp.json", warn=warnings.append)
    assert len(run.comparison.submissions) == 2
    assert warnings[0] == (
        f"{folder / 'c.yaml'}: is a symbolic link; not read (copy the file in if it belongs "
        "to this tender)"
    )
    assert (tmp_path / "cmp.json").is_file()
