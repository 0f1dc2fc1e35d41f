"""OpenStreetMap links for a clinic's page and for the locations index."""

from urllib.parse import urlencode


def map_for_points(points, marker=False):
    """OpenStreetMap URLs around some (lat, lon) points: the embed (loaded only when
    the visitor asks) and a plain link for visitors without JavaScript."""
    if not points:
        return None
    lats = [float(lat) for lat, _lon in points]
    lons = [float(lon) for _lat, lon in points]
    pad_lat = max((max(lats) - min(lats)) * 0.15, 0.006)
    pad_lon = max((max(lons) - min(lons)) * 0.15, 0.012)
    bbox = ",".join(
        f"{value:.5f}"
        for value in (
            min(lons) - pad_lon,
            min(lats) - pad_lat,
            max(lons) + pad_lon,
            max(lats) + pad_lat,
        )
    )
    center_lat, center_lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    params = {"bbox": bbox, "layer": "mapnik"}
    if marker:
        params["marker"] = f"{lats[0]:.5f},{lons[0]:.5f}"
        link = (
            f"https://www.openstreetmap.org/?mlat={lats[0]:.5f}&mlon={lons[0]:.5f}"
            f"#map=16/{lats[0]:.5f}/{lons[0]:.5f}"
        )
    else:
        link = f"https://www.openstreetmap.org/#map=9/{center_lat:.4f}/{center_lon:.4f}"
    return {
        "embed_url": f"https://www.openstreetmap.org/export/embed.html?{urlencode(params)}",
        "link_url": link,
    }
