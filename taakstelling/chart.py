"""Bar charts of target and realisation per period, drawn on the server as SVG (for the page
and the PDF reports), one for each taakstelling. Plain numbers in, a string out; on the page
colours come from CSS classes only (the Content-Security-Policy allows no inline styles), and
the page shows the numbers as a table beside it."""

import hashlib
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 260
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 40, 40, 16


@dataclass(frozen=True)
class Bar:
    label: str  # the period, e.g. 2026-I
    target: int  # what was to be done: places to have, or persons to house
    realised: int


def _y(value: int, top: int) -> float:
    usable = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    return HEIGHT - MARGIN_BOTTOM - (usable * max(value, 0) / top if top else 0)


# A PDF applies no outside stylesheet to an inline SVG: the drawing carries its own colours there.
PRINT_STYLE = (
    ".kso-chart__axis{stroke:#6b6b6b;stroke-width:1}"
    ".kso-chart__bar--target{fill:#ffffff;stroke:#154273;stroke-width:2;stroke-dasharray:4 2}"
    ".kso-chart__bar--realised{fill:#154273}"
    ".kso-chart__label,.kso-chart__tick{font-size:12px;fill:#1a1a1a;font-family:'DejaVu Sans'}"
)


def balance_chart(bars: list[Bar], *, title: str, description: str, for_print: bool = False) -> str:
    """Two bars per period: the target and what was realised. `for_print` puts the colours
    inside the drawing, for PDFs."""
    ident = "chart-" + hashlib.sha256((title + repr(bars)).encode()).hexdigest()[:8]
    top = max([1, *(b.target for b in bars), *(b.realised for b in bars)])
    slot = (WIDTH - MARGIN_LEFT) / max(len(bars), 1)
    bar = slot / 3
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" class="kso-chart">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
        f"<style>{PRINT_STYLE}</style>" if for_print else "",
        f'<line class="kso-chart__axis" x1="{MARGIN_LEFT}" y1="{HEIGHT - MARGIN_BOTTOM}" '
        f'x2="{WIDTH}" y2="{HEIGHT - MARGIN_BOTTOM}"/>',
        f'<text class="kso-chart__tick" x="{MARGIN_LEFT - 6}" y="{_y(top, top) + 4:.1f}" '
        f'text-anchor="end">{top}</text>',
    ]
    for number, item in enumerate(bars):
        x = MARGIN_LEFT + number * slot + bar / 2
        for offset, value, css in ((0, item.target, "target"), (bar, item.realised, "realised")):
            y = _y(value, top)
            parts.append(
                f'<rect class="kso-chart__bar kso-chart__bar--{css}" x="{x + offset:.1f}" '
                f'y="{y:.1f}" width="{bar:.1f}" height="{HEIGHT - MARGIN_BOTTOM - y:.1f}"/>'
            )
        parts.append(
            f'<text class="kso-chart__label" x="{x + bar:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 18}" '
            f'text-anchor="middle">{escape(item.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def places_chart(history, *, gemeente, for_print: bool = False) -> str:
    """The KSO places per period (`PeriodFigures` in order): the letter's number and the places
    in use on the period's last day, side by side; nothing is carried from one to the next."""
    bars = [Bar(f.period.code, f.places.target or 0, f.places.realised) for f in history]
    return balance_chart(
        bars,
        title=_("KSO-plaatsen te realiseren en gerealiseerd per periode, %(gemeente)s")
        % {"gemeente": gemeente},
        description=_(
            "Per periode twee staven: de KSO-plaatsen die de gemeente volgens de brief moet "
            "hebben, en de plaatsen in gebruik op de laatste dag. De cijfers staan ook in de "
            "tabel."
        ),
        for_print=for_print,
    )


def housing_chart(history, *, gemeente, for_print: bool = False) -> str:
    """The taakstelling huisvesting vergunninghouders per period since its account opened: the
    number to house (the target plus what was carried in) and the number housed."""
    bars = [
        Bar(f.period.code, f.housing.effective_target, f.housing.housed)
        for f in history
        if f.housing.account is not None
    ]
    return balance_chart(
        bars,
        title=_("Vergunninghouders te huisvesten en gehuisvest per periode, %(gemeente)s")
        % {"gemeente": gemeente},
        description=_(
            "Per periode twee staven: te huisvesten (de taakstelling plus de achterstand of min "
            "de voorsprong van de periode ervoor) en gehuisvest. De cijfers staan ook in de "
            "tabel."
        ),
        for_print=for_print,
    )
