"""The data files' loader: a list entry YAML did not read as a word is refused, naming the file and the entry."""

import pytest

from events.base.datafiles import LexiconError, parse_data


@pytest.mark.parametrize(
    "text,refused",
    [
        ("cues: [in, on, at]", r"cues\[1\]: True"),
        ("cues: [in, off]", r"cues\[1\]: False"),
        ("cues: [yes]", r"cues\[0\]: True"),
        ("nested:\n  words: [by, no]", r"nested/words\[1\]: False"),
        ("cues:\n  - in\n  -\n  - at", r"cues\[1\]: None"),
        ("groups: [[in, on]]", r"groups\[0\]\[1\]: True"),
        ("cues: [in, 'on', \"off\", 'no']", None),
        ("flag: true\ncues: [in]", None),  # a flag's value, not a list's entry
        ("numbers: [1, 2.5]", None),
    ],
)
def test_a_list_entry_that_is_no_word_is_refused(text, refused):
    if refused is None:
        assert isinstance(parse_data("cues.yaml", text), dict)
    else:
        with pytest.raises(LexiconError, match=r"^cues\.yaml: " + refused + r".*quote it"):
            parse_data("cues.yaml", text)
