"""Worker processes for batches, with one behaviour on Ctrl-C.

Only the main process handles Ctrl-C: workers ignore SIGINT (a terminal sends it to the whole
process group), so no worker dies mid-file with its own traceback. The main process then
cancels the jobs not started, waits for the ones running (each writes whole or not at all),
and the interrupt goes on to the CLI, which exits 130.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

__all__ = ["worker_pool"]


def _ignore_interrupts() -> None:
    # Ctrl-C is the main process's to handle; SIGTERM sent to a worker ends it at once
    # (it must not run the main process's SIGTERM handler, inherited by fork).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers ignore Ctrl-C and whose waiting jobs Ctrl-C cancels.

    Args:
        workers: the number of worker processes.

    Yields:
        The pool; it is shut down (waiting for running jobs) when the block ends.
    """
    with ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts) as pool:
        try:
            yield pool
        except BaseException:  # Ctrl-C (or a bug): do not start the jobs still waiting
            pool.shutdown(wait=False, cancel_futures=True)
            raise
