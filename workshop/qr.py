"""Join URLs and their QR codes: SVG for screens, PNG for slides. No Flask here."""

from __future__ import annotations

import io
import ipaddress
from urllib.parse import urlsplit

import psutil
import qrcode
import qrcode.image.svg

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "[::1]"}


def is_local(base_url: str) -> bool:
    """Whether an address only reaches this machine (a phone scanning it would get nowhere)."""
    host = urlsplit(base_url).hostname or ""
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on its networks, loopback and link-local left out."""
    found = []
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family.name != "AF_INET":
                continue
            ip = ipaddress.ip_address(address.address)
            if not (ip.is_loopback or ip.is_link_local) and address.address not in found:
                found.append(address.address)
    return found


def join_base(public_url: str, request_base: str) -> tuple[str, str | None]:
    """The base URL phones should use, and a warning when the projector was opened on a local address.

    PUBLIC_URL wins; otherwise the address the projector was opened with; when that is localhost, the first
    LAN address with the same port replaces it and the warning says so.
    """
    if public_url:
        return public_url.rstrip("/"), None
    base = request_base.rstrip("/")
    if not is_local(base):
        return base, None
    parts = urlsplit(base)
    lan = lan_addresses()
    if not lan:
        return base, ("Deze pagina is geopend via localhost en deze computer heeft geen netwerkadres: "
                      "telefoons kunnen de sessie niet bereiken. Zet PUBLIC_URL of verbind met een netwerk.")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{lan[0]}{port}", (
        f"Deze pagina is geopend via localhost; telefoons gebruiken het netwerkadres {lan[0]}. "
        "Klopt dat niet, zet dan PUBLIC_URL."
    )


def svg(data: str) -> str:
    """A QR code as an SVG document (scales to any projector)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def png(data: str, box_size: int = 10) -> bytes:
    """A QR code as PNG bytes (for slides)."""
    buffer = io.BytesIO()
    qrcode.make(data, box_size=box_size, border=2).save(buffer)
    return buffer.getvalue()
