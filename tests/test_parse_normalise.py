"""Line passes before segmentation (encoder/parse/normalise.py).

Cases: tests/parse_cases/normalise.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

from encoder.parse.reflow import reflow
from encoder.vocab import vocab

test_normalise = cases_of("normalise")


def reflowed(text: str) -> list[str]:
    """A one-line text as the re-flow breaks it (blank lines are block cuts)."""
    return [t for _, t in reflow([(1, text)], vocab())]


def test_numbered_heading_ends_at_its_footnote_call_before_its_dateline():
    assert reflowed("63. Conversation Among President Ford, Secretary of State Kissinger, and "
                    "Secretary of Defense Schlesinger1 San Clemente, California, May 13, 1975, "
                    "10 a.m. Ford: Yes. Kissinger: No.")[:4] == [
        "63. Conversation Among President Ford, Secretary of State Kissinger, and Secretary of "
        "Defense Schlesinger1", "", "San Clemente, California, May 13, 1975, 10 a.m.", ""]


def test_participant_list_with_bullets_an_item_a_line():
    assert reflowed("58. Memorandum of Conversation1 Vienna, June 16, 1979 • President Carter "
                    "• General Secretary Brezhnev Brezhnev: We begin. Carter: Yes.")[4:8] == [
        "• President Carter", "• General Secretary Brezhnev", "", "Brezhnev: We begin."]


def test_a_dash_in_prose_is_no_bullet():
    lines = reflowed("MEMORANDUM OF CONVERSATION SUBJECT: Grain Carter: We have one answer - "
                     "Yes - and no other. Brezhnev: Good.")
    assert any(t.endswith("Carter: We have one answer - Yes - and no other.") for t in lines)


def test_source_note_and_the_notes_after_it_each_on_a_line():
    assert reflowed("58. Memorandum of Conversation1 Vienna, June 16, 1979 Carter: We agree.2 "
                    "1. Source: Carter Library, Box 3. Secret. 2. Signed on June 18.")[-3:] == [
        "", "1. Source: Carter Library, Box 3. Secret.", "2. Signed on June 18."]


def test_speaker_label_after_a_footnote_call_opens_a_speech():
    assert "Carter: So have we." in reflowed(
        "58. Memorandum of Conversation1 Vienna, June 16, 1979 • President Carter • General "
        "Secretary Brezhnev Brezhnev: We waited long.2 Carter: So have we. Brezhnev: Good.")


def test_run_on_label_is_the_shortest_used_after_a_sentence_end():
    lines = reflowed("MEMORANDUM OF CONVERSATION SUBJECT The Grain Sales Gromyko: We are ready. "
                     "Kissinger: Good. Gromyko: Then we agree. PARTICIPANTS: Gromyko, Kissinger")
    assert "Gromyko: We are ready." in lines


def test_title_after_a_comma_in_a_participant_list_is_no_field_label():
    lines = reflowed("MEMORANDUM OF CONVERSATION PARTICIPANTS Henry A. Kissinger Viktor M. "
                     "Sukhodrev, Interpreter Ambassador Anatoliy F. Dobrynin SUBJECT Grain "
                     "Kissinger: Good. Dobrynin: Yes.")
    assert "Interpreter" not in [t.strip() for t in lines]
