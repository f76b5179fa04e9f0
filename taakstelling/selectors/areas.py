"""Totals of the two taakstellingen over a group of gemeenten: a regionale samenwerking, a
province, a Nidos region, everything shown. Sums of the gemeenten's own figures, so the national
gap of KSO places is the sum of the gemeenten's gaps and a total never counts a place twice."""

from collections import defaultdict
from dataclasses import dataclass, field

from organisations.models import NidosRegion

from ..rules import housing_status, places_status
from .figures import Housing, Places, Row


@dataclass
class Totals:
    name: str = ""
    gemeenten: int = 0
    # KSO places: the targets and gaps of the gemeenten with a target.
    with_target: int = 0
    places_target: int = 0
    places_realised: int = 0
    places_gap: int = 0
    pipeline: dict[str, int] = field(default_factory=dict)
    # Huisvesting vergunninghouders: the figures of the gemeenten with an account.
    with_account: int = 0
    housing_target: int = 0
    carried_in: int = 0
    effective_target: int = 0
    housed: int = 0
    counted_early: int = 0
    with_tvs: int = 0
    housing_balance: int = 0
    provisional: int = 0  # gemeenten whose balance is voorlopig

    def add(self, places: Places, housing: Housing, pipeline: dict[str, int]) -> None:
        self.gemeenten += 1
        self.places_realised += places.realised
        if places.target is not None:
            self.with_target += 1
            self.places_target += places.target
            self.places_gap += places.gap
        for stage, number in pipeline.items():
            self.pipeline[stage] = self.pipeline.get(stage, 0) + number
        self.counted_early += housing.counted_early
        self.with_tvs += housing.tvs is not None
        if housing.account is not None:
            self.with_account += 1
            self.housing_target += housing.target or 0
            self.carried_in += housing.carried_in
            self.effective_target += housing.effective_target
            self.housed += housing.housed
            self.housing_balance += housing.balance
            self.provisional += housing.is_provisional

    def add_row(self, row: Row) -> None:
        self.add(row.places, row.housing, row.pipeline)

    @property
    def pipeline_total(self) -> int:
        return sum(self.pipeline.values())

    @property
    def places_status(self) -> str | None:
        return places_status(self.places_gap if self.with_target else None)

    @property
    def housing_status(self) -> str | None:
        return housing_status(self.housing_balance) if self.with_account else None

    @property
    def is_provisional(self) -> bool:
        return self.provisional > 0


def totals(rows: list[Row], name: str = "") -> Totals:
    result = Totals(name)
    for row in rows:
        result.add_row(row)
    return result


@dataclass(frozen=True)
class Geography:
    """Provinces, Nidos regions and which region each province is in, from one query."""

    provinces: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    regions_of: dict[int, list[str]]


def geography() -> Geography:
    links = NidosRegion.provinces.through.objects.values_list(
        "province_id", "province__code", "province__name", "nidosregion__code", "nidosregion__name"
    )
    provinces, regions, regions_of = {}, {}, defaultdict(list)
    for province_id, province_code, province_name, region_code, region_name in links:
        provinces[province_code] = province_name
        regions[region_code] = region_name
        regions_of[province_id].append(region_name)
    return Geography(
        sorted(provinces.items(), key=lambda item: item[1]),
        sorted(regions.items(), key=lambda item: item[1]),
        regions_of,
    )


def region_totals(rows: list[Row], regions_of: dict[int, list[str]]) -> list[Totals]:
    """Totals per Nidos region: where places are short, region by region."""
    regions: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        for region in regions_of[row.gemeente.province_id]:
            regions[region].append(row)
    return [totals(group, name) for name, group in sorted(regions.items())]


def province_totals(rows: list[Row]) -> list[Totals]:
    by_province: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_province[row.gemeente.province.name].append(row)
    return [totals(group, name) for name, group in sorted(by_province.items())]
