import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from kso_portal.management.commands.prepare_portal import FINGERPRINT_FILE
from organisations.models import Gemeente


@pytest.mark.django_db
def test_prepare_portal_loads_reference_and_demo_data_and_collects_static(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("prepare_portal")
    assert Gemeente.objects.count() == 342
    assert get_user_model().objects.filter(email="gemeente@kso.example").exists()
    assert (tmp_path / "static" / "css" / "portal.css").exists()
    assert (tmp_path / "static" / FINGERPRINT_FILE).exists()


@pytest.mark.django_db
def test_prepare_portal_collects_static_again_only_after_a_change(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("prepare_portal")
    collected = tmp_path / "static" / "css" / "portal.css"
    collected.unlink()
    call_command("prepare_portal")
    assert not collected.exists()  # sources unchanged: nothing collected
    (tmp_path / "static" / FINGERPRINT_FILE).write_text("an older fingerprint")
    call_command("prepare_portal")
    assert collected.exists()
    assert not get_user_model().objects.exists()  # outside demo mode no demo users


@pytest.mark.django_db
def test_prepare_portal_can_leave_static_files_to_the_image_build(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("prepare_portal", no_static=True)
    assert Gemeente.objects.count() == 342
    assert not (tmp_path / "static").exists()
