"""A cache for functions of an answers text and its file name, kept per file.

The questionnaire reads, checks and drafts the text of each answers file again and again:
the save that writes a version is followed by the pages that show it. A cache shared by
every file in the process would let one busy file push the others out; this one keeps the
last few texts of each file, for a bounded number of files.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

Value = TypeVar("Value")

MAX_FILES = 256
"""The most answers files whose results are kept at once (the least recently used go)."""


def per_file(keep: int) -> Callable[[Callable[[str, str], Value]], Callable[[str, str], Value]]:
    """Cache a function of ``(text, name)``, keeping its last ``keep`` results per ``name``.

    The function must depend on its arguments only. Two threads asking for the same text at
    once may both compute it; either result is kept.
    """
    def decorate(function: Callable[[str, str], Value]) -> Callable[[str, str], Value]:
        files: OrderedDict[str, OrderedDict[str, Value]] = OrderedDict()
        lock = threading.Lock()

        @wraps(function)
        def cached(text: str, name: str) -> Value:
            with lock:
                texts = files.get(name)
                if texts is not None and text in texts:
                    files.move_to_end(name)
                    texts.move_to_end(text)
                    return texts[text]
            value = function(text, name)
            with lock:
                texts = files.setdefault(name, OrderedDict())
                files.move_to_end(name)
                texts[text] = value
                while len(texts) > keep:
                    texts.popitem(last=False)
                while len(files) > MAX_FILES:
                    files.popitem(last=False)
            return value

        return cached

    return decorate
