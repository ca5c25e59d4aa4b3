"""Charts drawn on the server as SVG: no JavaScript, readable when printed or made into a
PDF. Each has an accessible name (its title and one-sentence summary); the page shows
the same figures in a table beside it."""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def bars(
    rows: list[tuple[str, list[tuple[str, float, str]]]],
    *,
    title: str,
    summary: str,
    threshold: int | None = None,
    width: int = 560,
) -> str:
    """Horizontal stacked bars: rows of (label, [(segment label, share 0-100, colour)]),
    a legend, and the threshold (if any) as a dashed line."""
    label_w, row_h = 190, 32
    bar_w = width - label_w - 10
    legend = []
    for _, segments in rows:
        for name, _, colour in segments:
            if (name, colour) not in legend:
                legend.append((name, colour))
    bars_h = 8 + row_h * len(rows)
    placed, x, line = [], 10.0, 0
    for name, colour in legend:
        item_w = 24 + 7.5 * len(name)
        if x + item_w > width and x > 10:
            x, line = 10.0, line + 1
        placed.append((name, colour, x, line))
        x += item_w
    legend_top = bars_h + (22 if threshold is not None else 0) + 8
    height = legend_top + 20 * (line + 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" class="report-chart" aria-label="{escape(title)}: {escape(summary)}">'
    ]
    for i, (label, segments) in enumerate(rows):
        y = 8 + i * row_h
        short = label if len(label) <= 22 else label[:21] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" font-size="14" '
            f'fill="#1f2328">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="24" fill="#eef0f2"/>'
        )
        x = float(label_w)
        for name, share, colour in segments:
            w = bar_w * (share or 0) / 100
            if w <= 0:
                continue
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="24" fill="{colour}">'
                f"<title>{escape(name)}: {share:.0f}%</title></rect>"
            )
            if w > 38:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 17}" text-anchor="middle" '
                    f'font-size="13" fill="#ffffff">{share:.0f}%</text>'
                )
            x += w
    if threshold is not None:
        tx = label_w + bar_w * threshold / 100
        parts.append(
            f'<line x1="{tx:.1f}" y1="2" x2="{tx:.1f}" y2="{bars_h + 2}" stroke="#b42318" '
            f'stroke-width="2" stroke-dasharray="5 3"/>'
            f'<text x="{tx:.1f}" y="{bars_h + 18}" text-anchor="middle" font-size="13" '
            f'fill="#b42318">threshold {threshold}%</text>'
        )
    for name, colour, x, line in placed:
        y = legend_top + 14 + 20 * line
        parts.append(
            f'<rect x="{x:.0f}" y="{y - 11}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16:.0f}" y="{y}" font-size="13" fill="#1f2328">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
