import shutil

import pytest
from django.core.management import CommandError, call_command

from organisations.models import Gemeente, NidosRegion, Province
from organisations.services import REFERENCE_DATA_DIR, ReferenceDataError, reference_data_load


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(REFERENCE_DATA_DIR, target)
    return target


def _replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.django_db
def test_load_creates_all_provinces_gemeenten_and_regions():
    report = reference_data_load()
    assert report.created == {"provincies": 12, "gemeenten": 342, "Nidos-regio's": 3}
    assert Gemeente.objects.count() == 342
    assert sum(Gemeente.objects.values_list("inhabitants", flat=True)) == 17_942_942
    utrecht = Gemeente.objects.select_related("province").get(code="GM0344")
    assert (utrecht.name, utrecht.province.name, utrecht.inhabitants) == (
        "Utrecht",
        "Utrecht",
        374_238,
    )
    assert utrecht.latitude is not None
    noord_oost = NidosRegion.objects.get(code="noord-oost")
    assert noord_oost.provinces.count() == 6
    region_provinces = NidosRegion.provinces.through.objects.values("province").distinct()
    assert region_provinces.count() == Province.objects.count()


@pytest.mark.django_db
def test_second_load_changes_nothing():
    reference_data_load()
    report = reference_data_load()
    assert report.created == {"provincies": 0, "gemeenten": 0, "Nidos-regio's": 0}
    assert report.updated == {"provincies": 0, "gemeenten": 0, "Nidos-regio's": 0}
    assert report.unchanged == {"provincies": 12, "gemeenten": 342, "Nidos-regio's": 3}


@pytest.mark.django_db
def test_changed_row_is_updated(data_dir):
    reference_data_load(data_dir=data_dir)
    _replace_in(
        data_dir / "gemeenten.csv",
        "GM0344,Utrecht,PV26,Utrecht,374238",
        "GM0344,Utrecht,PV26,Utrecht,380000",
    )
    _replace_in(data_dir / "nidos_regions.csv", "zuid,Zuid,PV29;PV30;PV31", "zuid,Zuid,PV30;PV31")
    report = reference_data_load(data_dir=data_dir)
    assert report.updated == {"provincies": 0, "gemeenten": 1, "Nidos-regio's": 1}
    assert Gemeente.objects.get(code="GM0344").inhabitants == 380_000
    assert set(NidosRegion.objects.get(code="zuid").provinces.values_list("code", flat=True)) == {
        "PV30",
        "PV31",
    }


@pytest.mark.django_db
def test_invalid_rows_stop_the_load_with_row_numbers_and_write_nothing(data_dir):
    _replace_in(
        data_dir / "gemeenten.csv",
        "GM0034,Almere,PV24,Flevoland,226500",
        "GM0034,Almere,PV24,Flevoland,veel",
    )
    _replace_in(data_dir / "gemeenten.csv", "GM0037,Stadskanaal,PV20", "GM0037,Stadskanaal,PV99")
    with pytest.raises(ReferenceDataError) as raised:
        reference_data_load(data_dir=data_dir)
    assert raised.value.errors == [
        "gemeenten.csv rij 3: inwoners 'veel' is geen geheel getal",
        "gemeenten.csv rij 4: onbekende provincie 'PV99'",
    ]
    assert not Province.objects.exists()
    assert not Gemeente.objects.exists()


@pytest.mark.django_db
def test_invalid_file_leaves_earlier_data_untouched(data_dir):
    reference_data_load(data_dir=data_dir)
    _replace_in(
        data_dir / "gemeenten.csv",
        "GM0344,Utrecht,PV26,Utrecht,374238",
        "GM0344,Utrecht,PV26,Utrecht,1",
    )
    _replace_in(data_dir / "gemeenten.csv", "GM0014,Groningen", "GM001,Groningen")
    with pytest.raises(ReferenceDataError):
        reference_data_load(data_dir=data_dir)
    assert Gemeente.objects.get(code="GM0344").inhabitants == 374_238


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("gemeenten.csv", "GM0037,", "GM0034,", "gemeentecode GM0034 komt twee keer voor"),
        ("gemeenten.csv", "GM0014,Groningen,", "GM0014,,", "rij 2: de naam ontbreekt"),
        (
            "gemeenten.csv",
            "code,name,province_code",
            "code,naam,province_code",
            "kolommen ontbreken: name",
        ),
        ("provincies.csv", "PV21,Fryslân,21", "PV2X,Fryslân,21", "'PV2X' is geen provinciecode"),
        (
            "provincies.csv",
            "PV21,Fryslân,21",
            "PV20,Fryslân,21",
            "provinciecode PV20 komt twee keer voor",
        ),
        (
            "provincies.csv",
            "PV21,Fryslân,21",
            "PV21,,21",
            "provincies.csv rij 3: de naam ontbreekt",
        ),
        ("provincies.csv", "PV21,Fryslân,21", "PV21,Fryslân,een", "'een' is geen geheel getal"),
        (
            "gemeenten_centroids.csv",
            "53.21964381438178",
            "noord",
            "coördinaten zijn geen geldige graden",
        ),
        (
            "gemeenten_centroids.csv",
            "53.21964381438178",
            "153.2",
            "coördinaten zijn geen geldige graden",
        ),
        ("nidos_regions.csv", "PV29;PV30;PV31", "PV29;PV30;PV77", "onbekende provincie(s) PV77"),
        (
            "nidos_regions.csv",
            "zuid,Zuid",
            "noord-west,Zuid",
            "regiocode noord-west komt twee keer voor",
        ),
    ],
)
@pytest.mark.django_db
def test_each_kind_of_invalid_row_is_named(data_dir, file, old, new, message):
    _replace_in(data_dir / file, old, new)
    with pytest.raises(ReferenceDataError) as raised:
        reference_data_load(data_dir=data_dir)
    assert any(message in error for error in raised.value.errors), raised.value.errors
    assert not Gemeente.objects.exists()


@pytest.mark.django_db
def test_command_reports_counts_and_refuses_invalid_files(data_dir, capsys):
    call_command("load_reference_data", data_dir=data_dir)
    assert "gemeenten: 342 nieuw" in capsys.readouterr().out
    _replace_in(data_dir / "gemeenten.csv", "GM0014,", "XX0014,")
    with pytest.raises(CommandError, match="er is niets geschreven"):
        call_command("load_reference_data", data_dir=data_dir)
