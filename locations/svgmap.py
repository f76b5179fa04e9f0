"""A map of the Netherlands drawn on the server as one SVG element: no tiles, no JavaScript.

Only the centroids of the gemeenten are known, not their outlines: every centroid is drawn as a
faint dot and together the dots show the shape of the country. Plain data in, a string out, so
the map is tested without a database and renders the same in a page, a cache or a PDF.
Colours live in static/css/map.css only: the Content-Security-Policy forbids inline styles.
"""

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Sizes are viewBox units of a map this wide and scale with `width`, so a smaller map is the
# same picture rather than one with relatively fatter circles.
REFERENCE_WIDTH = 600
BACKGROUND_RADIUS = 2.0
BASE_RADIUS = 3.0
# A floor keeps a single place visible and clickable; the ceiling keeps a big city from
# covering its neighbours.
MIN_RADIUS = 2.5
MAX_RADIUS = 28.0
# Room for the largest circle of a gemeente on the edge of the country.
MARGIN = MAX_RADIUS + 4.0
# (south, west, north, east): without any coordinates the map keeps the extent of the country.
NETHERLANDS_BOUNDS = (50.75, 3.36, 53.55, 7.23)
# One point, or points on one line, would give a span of zero and a division by zero.
MIN_SPAN_DEGREES = 0.05
# XML forbids these characters even when escaped; one in a label would break the whole page.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Schemes a browser would run (javascript:, data:, vbscript:) never reach an href.
_SAFE_SCHEMES = frozenset({"", "http", "https"})


@dataclass(frozen=True)
class MapPoint:
    """One circle on the map, e.g. the locations of one gemeente."""

    latitude: float
    longitude: float
    label: str
    count: int
    css_class: str = ""
    url: str = ""


@dataclass(frozen=True)
class _Projection:
    """Equirectangular: longitudes shrink by cos(latitude) so the country is not stretched."""

    west: float
    north: float
    x_factor: float
    scale: float
    margin: float
    width: int
    height: int

    def xy(self, latitude: float, longitude: float) -> tuple[float, float]:
        x = self.margin + (longitude - self.west) * self.x_factor * self.scale
        y = self.margin + (self.north - latitude) * self.scale
        return x, y


def svg_map(
    points: Sequence[MapPoint],
    background: Sequence[tuple[float, float]],
    *,
    title: str,
    description: str,
    width: int = REFERENCE_WIDTH,
) -> str:
    """The map as an <svg> element; `background` holds (latitude, longitude) pairs."""
    if width <= 0:
        raise ValueError("width must be positive")
    dots = [(lat, lon) for lat, lon in background if _finite(lat, lon)]
    shown = [point for point in points if _finite(point.latitude, point.longitude)]
    projection = _projection(dots or [(p.latitude, p.longitude) for p in shown], width)
    ident = _identifier(title, description, points)
    has_links = any(_safe_url(point.url) for point in shown)
    return "\n".join(
        (
            _open_tag(projection, ident, has_links),
            f'<title id="{ident}-title">{_text(title)}</title>',
            f'<desc id="{ident}-desc">{_text(description)}</desc>',
            _background(dots, projection),
            *_points(shown, projection),
            "</svg>",
        )
    )


def _finite(latitude: float, longitude: float) -> bool:
    return math.isfinite(latitude) and math.isfinite(longitude)


def _projection(coordinates: Sequence[tuple[float, float]], width: int) -> _Projection:
    south, west, north, east = _bounds(coordinates)
    x_factor = math.cos(math.radians((south + north) / 2))
    margin = MARGIN * width / REFERENCE_WIDTH
    scale = (width - 2 * margin) / ((east - west) * x_factor)
    height = math.ceil((north - south) * scale + 2 * margin)
    return _Projection(west, north, x_factor, scale, margin, width, height)


def _bounds(coordinates: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    if not coordinates:
        return NETHERLANDS_BOUNDS
    latitudes = [latitude for latitude, _ in coordinates]
    longitudes = [longitude for _, longitude in coordinates]
    south, north = _widened(min(latitudes), max(latitudes), MIN_SPAN_DEGREES)
    x_factor = math.cos(math.radians((south + north) / 2))
    # Points along one meridian would give a sliver many times taller than wide.
    least_width = max(MIN_SPAN_DEGREES, (north - south) / (2 * x_factor))
    west, east = _widened(min(longitudes), max(longitudes), least_width)
    return south, west, north, east


def _widened(low: float, high: float, least: float) -> tuple[float, float]:
    extra = max(0.0, least - (high - low)) / 2
    return low - extra, high + extra


def _identifier(title: str, description: str, points: Sequence[MapPoint]) -> str:
    # A hash, not a counter: the same map gives the same output, in any process or cache.
    digest = hashlib.sha256(f"{title}\0{description}\0{list(points)!r}".encode()).hexdigest()
    return f"kso-map-{digest[:10]}"


def _open_tag(projection: _Projection, ident: str, has_links: bool) -> str:
    # Role img makes its children presentational, which would hide the links from assistive
    # technology and fail axe's nested-interactive rule; a group keeps them reachable.
    role = 'role="group"' if has_links else 'role="img" focusable="false"'
    size = f'width="{projection.width}" height="{projection.height}"'
    return (
        f'<svg xmlns="{SVG_NAMESPACE}" class="kso-map" viewBox="0 0 {projection.width} '
        f'{projection.height}" {size} {role} aria-labelledby="{ident}-title {ident}-desc">'
    )


def _background(dots: Iterable[tuple[float, float]], projection: _Projection) -> str:
    radius = _number(BACKGROUND_RADIUS * projection.width / REFERENCE_WIDTH)
    circles = "".join(
        f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{radius}"/>'
        for x, y in (projection.xy(latitude, longitude) for latitude, longitude in dots)
    )
    return f'<g class="kso-map__background" aria-hidden="true" focusable="false">{circles}</g>'


def _points(points: Sequence[MapPoint], projection: _Projection) -> list[str]:
    unit = projection.width / REFERENCE_WIDTH
    largest = max((point.count for point in points), default=0)
    # Shrink the base rather than clip the largest circle, so areas stay proportional to counts.
    base = min(BASE_RADIUS, MAX_RADIUS / math.sqrt(largest)) if largest > 0 else BASE_RADIUS
    # Large circles first, so smaller ones lie on top and stay clickable; sort is stable.
    ordered = sorted(points, key=lambda point: -point.count)
    return [_point(point, projection, base * unit, unit) for point in ordered]


def _point(point: MapPoint, projection: _Projection, base: float, unit: float) -> str:
    x, y = projection.xy(point.latitude, point.longitude)
    radius = max(MIN_RADIUS * unit, base * math.sqrt(max(point.count, 0)))
    classes = " ".join(("kso-map__point", *point.css_class.split()))
    shape = f'<circle class="{_text(classes)}" cx="{_number(x)}" cy="{_number(y)}" '
    shape += f'r="{_number(radius)}"'
    title = f"<title>{_text(point.label)}</title>"
    href = _safe_url(point.url)
    if href is None:
        return f'{shape} focusable="false">{title}</circle>'
    return f'<a href="{_text(href)}">{shape}>{title}</circle></a>'


def _safe_url(url: str) -> str | None:
    # Cleaned before parsing, so a control character cannot hide a scheme from the check.
    cleaned = _NOT_XML.sub("", url).strip()
    if not cleaned:
        return None
    try:
        scheme = urlsplit(cleaned).scheme
    except ValueError:
        return None
    return cleaned if scheme.lower() in _SAFE_SCHEMES else None


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value), quote=True)


def _number(value: float) -> str:
    return f"{value:.1f}"
