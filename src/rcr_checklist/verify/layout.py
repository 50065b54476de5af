"""What a viewer shows of a report besides its pages' text, against the fresh rendering.

The page boxes (what part of the paper is shown), the rotation and the unit of each page,
its links, the bookmarks, the page labels and the titles a viewer shows (``DisplayDocTitle``)
are compared with the PDF rendered again from the embedded assessment: a difference in any
of them changes what a reader sees or where a click goes, and the text comparison cannot
see it.
"""

from __future__ import annotations

from rcr_checklist.files.pdf_structure import Layout, Link, PageLayout

__all__ = ["compare_layout"]

_SLACK = 3.0  # points a link's area may move (other fonts break lines elsewhere)


def _fmt(box: tuple[float, ...]) -> str:
    return "[" + ", ".join(f"{v:.1f}" for v in box) + "]"


def _derived(name: str, page: PageLayout) -> bool:
    """A trim, art or bleed box that only repeats the crop box (the default)."""
    return name in {"trim", "art", "bleed"} and page.boxes[name] == page.boxes["crop"]


def _page_problems(number: int, given: PageLayout, expected: PageLayout) -> list[str]:
    out = [
        f"page {number}: its {name} box differs from the report's: {_fmt(box)} "
        f"instead of {_fmt(expected.boxes[name])}"
        for name, box in given.boxes.items()
        if not (_derived(name, given) and _derived(name, expected))
        and any(abs(a - b) > 0.5 for a, b in zip(box, expected.boxes[name], strict=True))
    ]
    if given.rotate != expected.rotate:
        out.append(
            f"page {number}: it is turned by {given.rotate} degrees, the report's by "
            f"{expected.rotate}"
        )
    if abs(given.user_unit - expected.user_unit) > 1e-6:
        out.append(
            f"page {number}: its unit is {given.user_unit:g}, the report's {expected.user_unit:g}"
        )
    return out


def _near(a: Link, b: Link) -> bool:
    return a.target == b.target and all(
        abs(x - y) <= _SLACK for x, y in zip(a.rect, b.rect, strict=True)
    )


def _link_problems(given: Layout, expected: Layout) -> list[str]:
    """Links the re-render does not have (by page when the page count is the same)."""
    same_pages = len(given.pages) == len(expected.pages)
    pool: list[tuple[int, Link]] = [
        (i, link) for i, page in enumerate(expected.pages, start=1) for link in page.links
    ]
    out: list[str] = []
    for number, page in enumerate(given.pages, start=1):
        for link in page.links:
            match = next(
                (
                    k
                    for k, (at, want) in enumerate(pool)
                    if (at == number and _near(link, want) if same_pages else want == link)
                    or (not same_pages and want.target == link.target)
                ),
                None,
            )
            if match is None:
                out.append(
                    f"page {number}: a link to {link.target} at {_fmt(link.rect)} "
                    "that the report does not have"
                )
            else:
                pool.pop(match)
    out.extend(
        f"page {at}: a link to {want.target} that the report has is missing" for at, want in pool
    )
    return out


def _outline_problems(given: tuple[str, ...], expected: tuple[str, ...]) -> list[str]:
    for k, (a, b) in enumerate(zip(given, expected, strict=False), start=1):
        if a != b:
            return [f"document: bookmark {k} reads {a!r}, the report's reads {b!r}"]
    if len(given) > len(expected):
        return [f"document: bookmark {len(expected) + 1} {given[len(expected)]!r} was added"]
    if len(given) < len(expected):
        return [f"document: bookmark {len(given) + 1} {expected[len(given)]!r} is missing"]
    return []


def compare_layout(given: Layout, expected: Layout) -> list[str]:
    """Compare what a viewer shows of a report, besides its text, with the re-rendering.

    Args:
        given: the layout of the PDF being verified.
        expected: the layout of the PDF rendered again from its assessment.

    Returns:
        One line per difference, naming the page ("page 2: ...") or the document.
    """
    out: list[str] = []
    if expected.pages:
        for number, page in enumerate(given.pages, start=1):
            # on other fonts the page count may differ; every page of a report is alike
            want = expected.pages[min(number, len(expected.pages)) - 1]
            out.extend(_page_problems(number, page, want))
    out.extend(_link_problems(given, expected))
    out.extend(_outline_problems(given.outline, expected.outline))
    labels = [
        f"page {n}: its page label is {a!r}, the report's {b!r}"
        for n, (a, b) in enumerate(
            zip(given.page_labels, expected.page_labels, strict=False), start=1
        )
        if a != b
    ]
    out.extend(labels[:1])
    if given.title != expected.title:
        out.append(f"document: its title reads {given.title!r}, the report's {expected.title!r}")
    # the PDF/A metadata's dc:title is the document's title (the rendering for the
    # comparison is written without the PDF/A metadata, so its /Title stands in)
    wanted = expected.xmp_title or expected.title
    if given.xmp_title and given.xmp_title != wanted:
        out.append(
            f"document: its metadata title (dc:title) reads {given.xmp_title!r}, "
            f"the report's {wanted!r}"
        )
    return out
