"""PDF rendering for the reports (DESIGN.md §9): an HTML template under templates/pdf/ made into
a tagged A4 PDF by WeasyPrint. The templates carry their own styles: the portal's stylesheets
are for screens, and a PDF must not depend on files that change with the site."""

from django.template.loader import render_to_string

# PDF/UA-1: a tagged PDF whose headings, tables and reading order screen readers follow; the
# archive and the college receive the same file.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template_name: str, context: dict) -> bytes:
    """The PDF of `template_name` rendered with `context`. Only data: URLs are fetched: a
    report never reaches out to the network or the file system, whatever text it holds."""
    # WeasyPrint takes most of a second to import; only the processes that make PDFs pay it.
    from weasyprint import HTML, URLFetcher

    html = render_to_string(template_name, context)
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)
