"""``events explain``: each time expression shows its rule, its mod and the reference its value was counted from."""

from datetime import date

import pytest

from events.coding.explain import explain_article
from events.reading.articles import Article


@pytest.mark.parametrize(
    "text, published, line",
    [
        ("The envoy arrived yesterday.", date(2023, 12, 28), "counted from the publication date 2023-12-28"),
        ("Nuclear talks collapsed in 2019.", date(2023, 12, 28), "stated in the text"),
        ("He arrived on March 3 and left three days later.", date(2016, 3, 20), "counted from the time told before it, 'March 3' (2016-03-03)"),
        ("In March 2009, the two men reached the border on March 8, 2009 and crossed it on Sunday.", date(2011, 10, 10), "in the story's own time, 'March 8, 2009' (2009-03-08)"),
        ("The talks lasted more than a decade.", date(2016, 3, 12), "mod MORE_THAN; no reference (a duration or a set)"),
    ],
)
def test_explain_names_the_reference(text, published, line):
    article = Article(id="a1", title="", text=text, published=published)
    assert line in explain_article(article)
