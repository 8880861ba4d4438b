"""Pictures as the slides show them: in their proportions, upright."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from publish.deck.pictures import aspect_ratio, embeddable


def photo(path: Path, orientation: int) -> Path:
    """A 40 × 20 JPEG whose EXIF says how to turn it upright."""
    image = Image.new("RGB", (40, 20), "red")
    exif = image.getexif()
    exif[0x0112] = orientation
    image.save(path, exif=exif)
    return path


def test_a_photo_turned_by_its_exif_orientation_is_measured_upright(tmp_path: Path) -> None:
    assert aspect_ratio(photo(tmp_path / "turned.jpg", 6)) == pytest.approx(0.5)


def test_a_photo_turned_by_its_exif_orientation_is_embedded_upright(tmp_path: Path) -> None:
    data, fmt = embeddable(photo(tmp_path / "turned.jpg", 6), 2, 150)
    assert fmt == "png" and Image.open(io.BytesIO(data)).size == (20, 40)


def test_a_photo_stored_upright_is_embedded_as_it_is(tmp_path: Path) -> None:
    path = photo(tmp_path / "upright.jpg", 1)
    assert embeddable(path, 2, 150) == (path.read_bytes(), "jpeg")
