"""The CPU cores this process may run on: what the default numbers of worker processes are made of."""
from __future__ import annotations

import os


def available_cores() -> int:
    """The CPU cores this process may run on (its affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1
