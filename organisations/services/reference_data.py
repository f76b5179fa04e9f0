"""Loading the reference data: provinces, gemeenten and Nidos regions from CSV."""

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from organisations.constants import GEMEENTE_LAYOUT_VALID_FROM, INHABITANTS_REFERENCE_ON
from organisations.models import Gemeente, NidosRegion, Province
from organisations.rules import dutch_sort_key

REFERENCE_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GEMEENTE_CODE = re.compile(r"^GM[0-9]{4}$")
PROVINCE_CODE = re.compile(r"^PV[0-9]{2}$")


class ReferenceDataError(Exception):
    """A reference file did not validate; nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = []
        for kind in self.created:
            parts.append(
                f"{kind}: {self.created[kind]} nieuw, {self.updated[kind]} bijgewerkt, "
                f"{self.unchanged[kind]} ongewijzigd"
            )
        return "; ".join(parts)


def _read_rows(path: Path, columns: set[str], errors: list[str]) -> list[tuple[int, dict]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = columns - set(reader.fieldnames or [])
        if missing:
            errors.append(f"{path.name}: kolommen ontbreken: {', '.join(sorted(missing))}")
            return []
        # Row 1 is the header, so the first data row is row 2 as a spreadsheet shows it.
        return [(number, row) for number, row in enumerate(reader, start=2)]


def _whole_number(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


def _coordinate(value: str, low: int, high: int) -> Decimal | None:
    try:
        number = Decimal(value).quantize(Decimal("0.000001"))
    except InvalidOperation:
        return None
    return number if low <= number <= high else None


def _parse_provinces(path: Path, errors: list[str]) -> dict[str, dict]:
    provinces: dict[str, dict] = {}
    for number, row in _read_rows(path, {"code", "name", "cbs_number"}, errors):
        where = f"{path.name} rij {number}"
        code, name = row["code"].strip(), row["name"].strip()
        cbs_number = _whole_number(row["cbs_number"])
        if not PROVINCE_CODE.match(code):
            errors.append(f"{where}: '{code}' is geen provinciecode (PV20..PV31)")
        elif code in provinces:
            errors.append(f"{where}: provinciecode {code} komt twee keer voor")
        elif not name:
            errors.append(f"{where}: de naam ontbreekt")
        elif cbs_number is None:
            errors.append(f"{where}: cbs_number '{row['cbs_number']}' is geen geheel getal")
        else:
            provinces[code] = {"name": name, "cbs_number": cbs_number}
    return provinces


def _parse_centroids(path: Path, errors: list[str]) -> dict[str, tuple[Decimal, Decimal]]:
    centroids: dict[str, tuple[Decimal, Decimal]] = {}
    for number, row in _read_rows(path, {"code", "lat", "lon"}, errors):
        lat, lon = _coordinate(row["lat"], -90, 90), _coordinate(row["lon"], -180, 180)
        if lat is None or lon is None:
            errors.append(f"{path.name} rij {number}: coördinaten zijn geen geldige graden")
        else:
            centroids[row["code"].strip()] = (lat, lon)
    return centroids


def _parse_gemeenten(
    path: Path, provinces: dict[str, dict], centroids: dict, errors: list[str]
) -> dict[str, dict]:
    gemeenten: dict[str, dict] = {}
    columns = {"code", "name", "province_code", "inhabitants"}
    for number, row in _read_rows(path, columns, errors):
        where = f"{path.name} rij {number}"
        code, name = row["code"].strip(), row["name"].strip()
        inhabitants = _whole_number(row["inhabitants"])
        if not GEMEENTE_CODE.match(code):
            errors.append(f"{where}: '{code}' is geen CBS-gemeentecode (GM gevolgd door 4 cijfers)")
        elif code in gemeenten:
            errors.append(f"{where}: gemeentecode {code} komt twee keer voor")
        elif not name:
            errors.append(f"{where}: de naam ontbreekt")
        elif row["province_code"].strip() not in provinces:
            errors.append(f"{where}: onbekende provincie '{row['province_code']}'")
        elif inhabitants is None:
            errors.append(f"{where}: inwoners '{row['inhabitants']}' is geen geheel getal")
        else:
            lat, lon = centroids.get(code, (None, None))
            gemeenten[code] = {
                "name": name,
                "sort_name": dutch_sort_key(name),
                "province_code": row["province_code"].strip(),
                "inhabitants": inhabitants,
                "inhabitants_on": date.fromisoformat(INHABITANTS_REFERENCE_ON),
                "valid_from": date.fromisoformat(GEMEENTE_LAYOUT_VALID_FROM),
                "latitude": lat,
                "longitude": lon,
            }
    return gemeenten


def _parse_regions(path: Path, provinces: dict[str, dict], errors: list[str]) -> dict[str, dict]:
    regions: dict[str, dict] = {}
    for number, row in _read_rows(path, {"code", "name", "province_codes"}, errors):
        where = f"{path.name} rij {number}"
        codes = [c.strip() for c in row["province_codes"].split(";") if c.strip()]
        unknown = [c for c in codes if c not in provinces]
        if unknown:
            errors.append(f"{where}: onbekende provincie(s) {', '.join(unknown)}")
        elif row["code"].strip() in regions:
            errors.append(f"{where}: regiocode {row['code']} komt twee keer voor")
        else:
            regions[row["code"].strip()] = {"name": row["name"].strip(), "provinces": set(codes)}
    return regions


def _upsert(model, rows: dict[str, dict], report: LoadReport, label: str) -> tuple[dict, set]:
    """Create new rows and update changed ones; return all objects by code and the touched codes."""
    existing = {obj.code: obj for obj in model.objects.all()}
    to_create, to_update, changed_fields = [], [], set()
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(code=code, **values))
            continue
        changes = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if changes:
            for name, value in changes.items():
                setattr(obj, name, value)
            changed_fields.update(changes)
            to_update.append(obj)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields))
    report.created[label] = len(to_create)
    report.updated[label] = len(to_update)
    report.unchanged[label] = len(rows) - len(to_create) - len(to_update)
    touched = {obj.code for obj in to_create + to_update}
    return {obj.code: obj for obj in model.objects.all()}, touched


@transaction.atomic
def reference_data_load(*, data_dir: Path = REFERENCE_DATA_DIR) -> LoadReport:
    """Load provinces, gemeenten and Nidos regions from CSV, idempotently.

    Every file is validated first; any invalid row raises ReferenceDataError listing each row
    and reason, and nothing is written. A second run with the same files changes nothing.
    """
    errors: list[str] = []
    provinces = _parse_provinces(data_dir / "provincies.csv", errors)
    centroids = _parse_centroids(data_dir / "gemeenten_centroids.csv", errors)
    gemeenten = _parse_gemeenten(data_dir / "gemeenten.csv", provinces, centroids, errors)
    regions = _parse_regions(data_dir / "nidos_regions.csv", provinces, errors)
    if errors:
        raise ReferenceDataError(errors)

    report = LoadReport()
    province_objects, _ = _upsert(Province, provinces, report, "provincies")
    for values in gemeenten.values():
        values["province"] = province_objects[values.pop("province_code")]
    _upsert(Gemeente, gemeenten, report, "gemeenten")
    region_rows = {code: {"name": values["name"]} for code, values in regions.items()}
    label = "Nidos-regio's"
    region_objects, touched = _upsert(NidosRegion, region_rows, report, label)
    for code, values in regions.items():
        region = region_objects[code]
        if set(region.provinces.values_list("code", flat=True)) == values["provinces"]:
            continue
        region.provinces.set([province_objects[c] for c in values["provinces"]])
        if code not in touched:
            report.updated[label] += 1
            report.unchanged[label] -= 1
    return report
