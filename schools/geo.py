"""Where a postcode lies: municipality, coordinates and the foundation's region.

Offline by default, from a bundled table of four-digit postcode areas (coarse: one point per
area). With GEOCODER=pdok the public PDOK Locatieserver refines coordinates to the full postcode;
when it fails or is slow, the offline table answers. Tests never reach the network.
"""

import bisect
import csv
import json
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

from django.conf import settings

logger = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data" / "pc4_places.csv"
POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
PDOK_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"


@dataclass(frozen=True)
class Place:
    municipality: str
    province: str
    latitude: float
    longitude: float


def normalise_postcode(value: str) -> str | None:
    """'3511ab' -> '3511 AB'; None when it is not a Dutch postcode."""
    match = POSTCODE_RE.match(value or "")
    if not match:
        return None
    letters = match.group(2).upper()
    if letters in {"SA", "SD", "SS"}:  # never issued
        return None
    return f"{match.group(1)} {letters}"


@cache
def _table():
    starts, rows = [], []
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            starts.append(int(row["pc4_from"]))
            rows.append((int(row["pc4_from"]), int(row["pc4_to"]),
                         Place(row["municipality"], row["province"], float(row["latitude"]), float(row["longitude"]))))
    return starts, rows


def lookup_pc4(pc4: int) -> Place | None:
    starts, rows = _table()
    index = bisect.bisect_right(starts, pc4) - 1
    if index >= 0:
        low, high, place = rows[index]
        if low <= pc4 <= high:
            return place
    return None


def _pdok(postcode: str, fetch=None) -> tuple[float, float] | None:
    query = urlencode({"q": f"postcode:{postcode.replace(' ', '')}", "fq": "type:postcode", "rows": 1})
    fetch = fetch or (lambda url: urlopen(url, timeout=3).read())  # noqa: S310 - fixed https URL
    try:
        data = json.loads(fetch(f"{PDOK_URL}?{query}"))
        point = data["response"]["docs"][0]["centroide_ll"]  # "POINT(5.12 52.09)"
        lon, lat = (float(x) for x in point[point.index("(") + 1:point.index(")")].split())
        return lat, lon
    except Exception as exc:  # noqa: BLE001 - any failure falls back to the offline table
        logger.warning("PDOK geocoder failed for %s: %s", postcode, exc)
        return None


def locate(postcode: str, fetch=None) -> Place | None:
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return None
    place = lookup_pc4(int(normalised[:4]))
    if getattr(settings, "GEOCODER", "offline") == "pdok":
        point = _pdok(normalised, fetch=fetch)
        if point is not None:
            base = place or Place("", "", *point)
            place = Place(base.municipality, base.province, *point)
    return place


class RegionLookup:
    """The foundation's regions, read once, to place any number of postcodes: a postcode range first, then the
    municipality."""

    def __init__(self):
        from .models import Region, RegionPostcodeRange

        self.ranges = [(r.start, r.end, r.region) for r in RegionPostcodeRange.objects.select_related("region")]
        self.municipalities = {}
        for region in Region.objects.order_by("pk"):
            for name in region.municipalities:
                self.municipalities.setdefault(name.strip().lower(), region)

    def find(self, postcode: str, city: str = ""):
        """The region of a postcode range, else of the postcode's municipality (offline table), else of the city typed."""
        normalised = normalise_postcode(postcode)
        if normalised is None:
            return None
        pc4 = int(normalised[:4])
        match = next((region for start, end, region in self.ranges if start <= pc4 <= end), None)
        area = lookup_pc4(pc4)
        return match or self.municipalities.get((area.municipality if area else city or "").strip().lower())


def region_for(postcode: str, city: str = ""):
    return RegionLookup().find(postcode, city)


def place_and_region(postcode: str, city: str = ""):
    """Where an address lies (for distances) and the foundation's region it falls in."""
    return locate(postcode), region_for(postcode, city)
