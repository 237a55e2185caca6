"""The world map drawn without a tile server: the land is build/static/vendor/world-land.svg (built from
world-atlas by scripts/build-assets.mjs) in an equirectangular box 360 × 180, so a point at a latitude and a
longitude sits at x = longitude + 180, y = 90 - latitude. Used by the JETAA chapters (alumni) and the
sister-city registry (exchange)."""

from decimal import Decimal

WIDTH, HEIGHT = 360, 180
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"
LAND = "vendor/world-land.svg"  # the static file


def world_point(latitude: Decimal | float | None, longitude: Decimal | float | None) -> tuple[float, float] | None:
    """(x, y) of a place on the world map, or None without both coordinates (or outside the globe)."""
    if latitude is None or longitude is None:
        return None
    lat, lon = float(latitude), float(longitude)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lon + 180, 2), round(90 - lat, 2)


def point_radius(value: int, peak: int, *, smallest: float = 1.2, spread: float = 2.8) -> float:
    """A point's radius growing with the square root of its value (its area with the value)."""
    return round(smallest + spread * (value / (peak or 1)) ** 0.5, 2)
