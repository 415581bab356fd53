"""What the dashboard asks and shows, as pure functions: filters, the store's queries, views over a store or a
table file, Plotly figures, details, downloads, and serving the Streamlit page (``dashboard.py`` lays it out).

In: a store or an event table (events.store) and a filter. Out: frames, figures, HTML fragments and bytes to
download. Nothing here reads the page's widgets.

Public names: ``filters.EventFilter``, ``queries``, ``views.load``, ``figures.timeline_figure``,
``downloads.csv_bytes``, ``detail.detail_html``, ``serve.serve``."""
