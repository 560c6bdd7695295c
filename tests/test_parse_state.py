"""What recognisers share (encoder/parse/state.py): settings are fixed, results grow."""

from __future__ import annotations

import dataclasses

import pytest

from encoder.parse.state import Context, Settings
from encoder.registry import Registry


def test_settings_cannot_change_while_reading() -> None:
    ctx = Context(Settings(Registry.load()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.settings.frus_pages = True  # type: ignore[misc]


def test_warnings_are_results_in_order() -> None:
    ctx = Context(Settings(Registry.load()))
    ctx.warn(3, "b")
    ctx.warn(None, "a")
    assert [(w.line, w.message) for w in ctx.results.warnings] == [(3, "b"), (None, "a")]
