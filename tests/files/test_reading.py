"""Bounded reading (files.reading): size, encoding, control bytes, and editor line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcr_checklist.errors import InputError
from rcr_checklist.files import reading, yamlio
from rcr_checklist.files.reading import LineIndex, decode_text, line_at, read_text
from rcr_checklist.limits import Limits


def test_reading_lives_in_its_own_module():
    assert not hasattr(yamlio, "decode_text")
    assert read_text.__module__ == reading.__name__ == "rcr_checklist.files.reading"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lines_are_counted_as_an_editor_counts_them(newline):
    text = newline.join(["one", "two", "", "four"])
    index = LineIndex(text)
    start_of_four = text.index("four")
    assert line_at(text, start_of_four) == index.line(start_of_four) == 4
    assert line_at(text, 0) == index.line(0) == 1


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (b"\xe9", "byte 0xe9 is not UTF-8; save the file as UTF-8"),
        (b"\x00", "control character U+0000 is not allowed (is this a binary file?)"),
        (b"\x1b", "control character U+001B is not allowed (is this a binary file?)"),
        (b"\x7f", "control character U+007F is not allowed (is this a binary file?)"),
        (b"\xc2\x9b", "control character U+009B is not allowed (is this a binary file?)"),
        (b"\x0b", "control character U+000B is not allowed (is this a binary file?)"),
    ],
)
def test_bad_bytes_name_the_line_whatever_the_line_ends(newline, bad, message):
    raw = newline.join(["a: 1", "b: 2", "c: x"]).encode() + bad
    with pytest.raises(InputError) as caught:
        decode_text(raw, "a.yaml")
    assert str(caught.value) == f"a.yaml:3: {message}"


@pytest.mark.parametrize("kept", ["\t", "\x85", "\u2028", "\u202e", "\r"])
def test_layout_characters_are_left_to_the_text_policy(kept):
    assert decode_text(f"a: x{kept}y".encode(), "a.yaml") == f"a: x{kept}y"


def test_size_limit_and_bom(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_text(path, "a.yaml") == "a: 1\n"
    with pytest.raises(InputError, match="larger than the limit of 3 bytes"):
        read_text(path, "a.yaml", Limits(max_bytes=3))


def test_a_named_pipe_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path):
    import os

    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as exc:
        read_text(fifo, "answers.yaml")
    assert str(exc.value) == "answers.yaml: is a named pipe (FIFO), not a file; give a file"


def test_a_pipe_this_process_holds_is_read(tmp_path):
    import os

    read_end, write_end = os.pipe()
    os.write(write_end, b"a: 1\n")
    os.close(write_end)
    try:
        assert read_text(Path(f"/dev/fd/{read_end}"), "<pipe>") == "a: 1\n"
    finally:
        os.close(read_end)


@pytest.mark.parametrize("bom", [b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"])
def test_utf32_is_named_as_utf32(bom):
    with pytest.raises(InputError) as exc:
        decode_text(bom + "a: 1\n".encode("utf-32")[4:], "x.yaml")
    assert str(exc.value) == "x.yaml:1: the file is UTF-32; save it as UTF-8"
