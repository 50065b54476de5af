"""rcr-checklist: self-assessment of medical AI against the RCR's five core principles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rcr-checklist")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"

__all__ = ["__version__"]
