"""Speaker labels and whom they name (encoder/parse/speakers.py).

Cases: tests/parse_cases/speakers.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_speakers = cases_of("speakers")


def test_label_check_is_pure_and_returns_its_repair() -> None:
    """Asking ahead whether a line opens a speech records nothing (issue 10)."""
    from encoder.parse.speakers import Repair, speaker_label
    from encoder.parse.state import Context, Settings
    from encoder.registry import Registry

    ctx = Context(Settings(Registry.load()))
    before = (dict(ctx.results.people), dict(ctx.results.labels), list(ctx.results.warnings))
    label = speaker_label(".Clinton: Hi.", ctx)
    assert label == (".Clinton:", "Hi.",
                     Repair("Clinton", ["stray character '.' before speaker label"]))
    assert speaker_label(".Clinton: Hi.", ctx) == label  # asking again answers the same
    after = (dict(ctx.results.people), dict(ctx.results.labels), list(ctx.results.warnings))
    assert after == before
