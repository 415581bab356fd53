"""Three reports of one ICBM test and its reactions, told three ways (a stated day, "earlier this week",
"last week"), with an HTML title: the small table the dashboard's and the search's tests share."""

from datetime import date

from events.reading.articles import Article

THREE_REPORTS = [
    Article(id="a1", title="Hwasong-14 launched", text="North Korea launched a Hwasong-14 intercontinental ballistic missile on July 4, the KCNA news agency said.",
            published=date(2017, 7, 5), source="KCNA", url="https://example.org/a1", published_from="user"),
    Article(id="a2", title="Seoul condemns", text="South Korea condemned North Korea's ICBM launch earlier this week.",
            published=date(2017, 7, 6), source="Yonhap", url="https://example.org/a2", published_from="user"),
    Article(id="a3", title="<i>Reactions</i>", text="Last week's missile test by North Korea worried Japan. North Korea held a nuclear test in September 2016.",
            published=date(2017, 7, 11), source="Reuters", url="https://example.org/a3", published_from="user"),
]
