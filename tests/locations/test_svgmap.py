"""The server-drawn SVG map: projection, circle sizes, escaping and accessibility. No database."""

import csv
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from locations.svgmap import MAX_RADIUS, MapPoint, svg_map

NS = {"svg": "http://www.w3.org/2000/svg"}
CENTROIDS = Path(__file__).resolve().parents[2] / "organisations/data/gemeenten_centroids.csv"
UTRECHT = (52.09, 5.12)
GRONINGEN = (53.22, 6.57)
MIDDELBURG = (51.50, 3.61)


@pytest.fixture(scope="module")
def centroids() -> list[tuple[float, float]]:
    with CENTROIDS.open(newline="", encoding="utf-8") as handle:
        return [(float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)]


def draw(points, background=(GRONINGEN, MIDDELBURG), **options):
    options.setdefault("title", "Locaties per gemeente")
    options.setdefault("description", "Kaart van Nederland met het aantal plaatsen per gemeente.")
    return svg_map(points, list(background), **options)


def parse(output: str) -> ET.Element:
    # Only our own output is parsed, never a document from outside: no entity attacks to fear.
    return ET.fromstring(output)  # noqa: S314 - the map our own code drew, not outside input


def point(latitude=UTRECHT[0], longitude=UTRECHT[1], **fields):
    fields.setdefault("label", "Utrecht: 3 plaatsen")
    fields.setdefault("count", 3)
    return MapPoint(latitude, longitude, **fields)


def circles_of_points(root):
    circles = root.iter(f"{{{NS['svg']}}}circle")
    return [c for c in circles if "kso-map__point" in c.get("class", "").split()]


def centre(circle) -> tuple[float, float]:
    return float(circle.get("cx")), float(circle.get("cy"))


def view_box(root) -> tuple[float, float]:
    _, _, width, height = (float(n) for n in root.get("viewBox").split())
    return width, height


def test_map_is_a_well_formed_svg_element(centroids):
    root = parse(draw([point()], centroids))
    assert root.tag == f"{{{NS['svg']}}}svg"
    assert "kso-map" in root.get("class").split()
    assert len(root.findall("svg:g[@class='kso-map__background']/svg:circle", NS)) == 342


def test_a_point_further_north_is_drawn_higher():
    north, south = point(53.0, 5.5, label="noord"), point(51.5, 5.5, label="zuid")
    (_, north_y), (_, south_y) = (centre(c) for c in circles_of_points(parse(draw([north, south]))))
    assert north_y < south_y


def test_a_point_further_east_is_drawn_further_right():
    east, west = point(52.0, 6.5, label="oost"), point(52.0, 4.5, label="west")
    (east_x, _), (west_x, _) = (centre(c) for c in circles_of_points(parse(draw([east, west]))))
    assert east_x > west_x


def test_netherlands_is_drawn_taller_than_wide_at_the_width_asked(centroids):
    width, height = view_box(parse(draw([], centroids, width=480)))
    assert width == 480
    assert 1.05 < height / width < 1.35


def test_circle_area_grows_in_proportion_to_the_count():
    counts = [1, 4, 16]
    root = parse(draw([point(label=str(n), count=n) for n in counts]))
    radius = {int(c.find("svg:title", NS).text): float(c.get("r")) for c in circles_of_points(root)}
    assert radius[4] / radius[1] == pytest.approx(2, rel=0.03)
    assert radius[16] / radius[1] == pytest.approx(4, rel=0.03)


def test_a_huge_count_is_capped_while_areas_stay_proportional():
    root = parse(draw([point(label="a", count=2_500), point(label="b", count=10_000)]))
    radii = sorted(float(c.get("r")) for c in circles_of_points(root))
    assert radii[1] <= MAX_RADIUS
    assert radii[1] / radii[0] == pytest.approx(2, rel=0.03)


def test_a_count_of_zero_still_gives_a_visible_circle():
    (circle,) = circles_of_points(parse(draw([point(count=0)])))
    assert float(circle.get("r")) > 1


def test_large_circles_are_drawn_first_so_small_ones_stay_on_top():
    root = parse(draw([point(label="klein", count=1), point(label="groot", count=9)]))
    assert [c.find("svg:title", NS).text for c in circles_of_points(root)] == ["groot", "klein"]


def test_the_label_is_the_title_of_its_circle_and_the_class_is_added():
    root = parse(draw([point(css_class="kso-map__point--in_gebruik")]))
    (circle,) = circles_of_points(root)
    assert circle.find("svg:title", NS).text == "Utrecht: 3 plaatsen"
    assert circle.get("class") == "kso-map__point kso-map__point--in_gebruik"


def test_labels_with_markup_and_quotes_are_escaped():
    label = "<script>alert('x')</script> \"Den Bosch\" & co"
    output = draw(
        [point(label=label, css_class='x" onmouseover="alert(1)', url='/a?b=1&c="2"')],
        title="<script>t</script>",
        description="d' onload='x",
    )
    assert "<script" not in output
    root = parse(output)
    (circle,) = circles_of_points(root)
    assert circle.find("svg:title", NS).text == label
    assert circle.get("onmouseover") is None
    assert root.find("svg:a", NS).get("href") == '/a?b=1&c="2"'
    assert root.find("svg:title", NS).text == "<script>t</script>"


def test_characters_that_xml_forbids_are_dropped():
    root = parse(draw([point(label="Ut\x00re\x1bcht", url="/loc\x01aties/")]))
    assert circles_of_points(root)[0].find("svg:title", NS).text == "Utrecht"


def test_links_appear_only_for_points_with_a_url():
    root = parse(draw([point(label="met", url="/locaties/?gemeente=GM0344"), point()]))
    (link,) = root.findall("svg:a", NS)
    assert link.get("href") == "/locaties/?gemeente=GM0344"
    assert link.find("svg:circle/svg:title", NS).text == "met"
    unlinked = root.find("svg:circle", NS)
    assert unlinked.get("focusable") == "false"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "java\x01script:alert(1)",
        "data:text/html,<b>",
        "vbscript:x",
        "http://[::1",
    ],
)
def test_a_url_that_could_run_script_gives_no_link(url):
    output = draw([point(url=url)])
    assert parse(output).find("svg:a", NS) is None
    assert "script:" not in output.lower()


def test_map_is_an_image_labelled_by_its_title_and_description():
    root = parse(draw([point()]))
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert root.get("role") == "img"
    assert root.get("focusable") == "false"
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert title.text == "Locaties per gemeente"
    assert desc.text.startswith("Kaart van Nederland")
    assert len({title.get("id"), desc.get("id")}) == 2


def test_map_with_links_is_a_group_so_assistive_technology_keeps_the_links():
    # Role img makes its children presentational: links inside it would be hidden.
    root = parse(draw([point(url="/locaties/")]))
    assert root.get("role") == "group"
    assert root.get("aria-labelledby")


def test_background_dots_are_hidden_from_assistive_technology(centroids):
    background = parse(draw([], centroids)).find("svg:g", NS)
    assert background.get("aria-hidden") == "true"
    assert background.get("focusable") == "false"


def test_maps_with_other_titles_get_other_ids():
    first = parse(draw([point()], title="Kaart A")).find("svg:title", NS).get("id")
    second = parse(draw([point()], title="Kaart B")).find("svg:title", NS).get("id")
    assert first != second


def test_no_inline_styles_anywhere(centroids):
    output = draw([point(url="/x/", css_class="kso-map__point--beeindigd")], centroids)
    assert "style" not in output
    assert all("style" not in element.attrib for element in parse(output).iter())


def test_same_input_gives_the_same_output(centroids):
    points = [point(label=str(n), count=n, latitude=52 + n / 10) for n in range(5)]
    assert draw(points, centroids) == draw(list(points), list(centroids))


def test_coordinates_are_rounded_to_one_decimal(centroids):
    output = draw([point()], centroids)
    numbers = re.findall(r'\b(?:cx|cy|r)="([^"]+)"', output)
    assert numbers
    assert all(re.fullmatch(r"\d+\.\d", number) for number in numbers)


def test_all_gemeente_centroids_fall_inside_the_view_box(centroids):
    assert len(centroids) == 342
    points = [point(lat, lon, label=str(i), count=400) for i, (lat, lon) in enumerate(centroids)]
    root = parse(draw(points, centroids))
    width, height = view_box(root)
    for circle in root.iter(f"{{{NS['svg']}}}circle"):
        x, y, r = (float(circle.get(name)) for name in ("cx", "cy", "r"))
        assert r <= x <= width - r
        assert r <= y <= height - r


def test_without_a_background_the_points_decide_the_extent():
    root = parse(draw([point(), point(*GRONINGEN, label="g")], background=()))
    width, height = view_box(root)
    for x, y in (centre(c) for c in circles_of_points(root)):
        assert 0 < x < width
        assert 0 < y < height


@pytest.mark.parametrize("points", [[], [point()], [point(math.nan, 5.0)]])
def test_an_empty_or_degenerate_map_still_renders(points):
    root = parse(draw(points, background=()))
    width, height = view_box(root)
    assert width == 600
    assert height > 0


def test_width_must_be_positive():
    with pytest.raises(ValueError, match="width"):
        draw([point()], width=0)
