"""Bar charts drawn on the server as SVG: no JavaScript, no style attribute, no third party.

Each bar carries its label and its value in writing, so the chart reads without colour.
"""

from django.utils.html import format_html, format_html_join

WIDTH = 640
LABEL_WIDTH = 230
BAR_AREA = 330
ROW_HEIGHT = 34
BAR_HEIGHT = 22
TOP = 8
BAR_COLOUR = "#4b2380"  # contrast 11:1 on white
TRACK_COLOUR = "#ecebf3"
TEXT_COLOUR = "#1b1b1f"


NO_VALUE = "—"  # a figure that cannot be computed (an occupancy rate without any night)


def format_value(value, unit=""):
    if value is None:
        return NO_VALUE
    text = f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)
    return f"{text}{unit}"


def bar_chart(title, rows, *, unit="", max_value=None, chart_id="graphique"):
    """A horizontal bar chart of `rows` [(label, value)], as inline SVG markup.

    A value of None draws no bar and writes a dash: "no figure", never a zero.
    """
    rows = [(str(label), value) for label, value in rows]
    largest = max([value or 0 for _label, value in rows] + [max_value or 0, 1])
    height = TOP * 2 + ROW_HEIGHT * max(len(rows), 1)
    bars = []
    for position, (label, value) in enumerate(rows):
        y = TOP + position * ROW_HEIGHT
        length = round(BAR_AREA * value / largest, 1) if value and value > 0 else 0
        text_y = y + BAR_HEIGHT / 2 + 5
        bars.append(
            (
                y,
                LABEL_WIDTH,
                BAR_AREA,
                BAR_HEIGHT,
                TRACK_COLOUR,
                length,
                BAR_COLOUR,
                text_y,
                label,
                LABEL_WIDTH + length + 6,
                format_value(value, unit),
                TEXT_COLOUR,
            )
        )
    body = format_html_join(
        "",
        '<g><rect x="{1}" y="{0}" width="{2}" height="{3}" fill="{4}"></rect>'
        '<rect x="{1}" y="{0}" width="{5}" height="{3}" fill="{6}"></rect>'
        '<text x="{1}" dx="-8" y="{7}" text-anchor="end" fill="{11}">{8}</text>'
        '<text x="{9}" y="{7}" fill="{11}" font-weight="bold">{10}</text></g>',
        bars,
    )
    description = "; ".join(f"{label} : {format_value(value, unit)}" for label, value in rows)
    return format_html(
        '<svg class="bar-chart" role="img" aria-labelledby="{0}-titre {0}-desc" '
        'viewBox="0 0 {1} {2}" width="100%" font-family="sans-serif" font-size="14" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-titre">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        chart_id,
        WIDTH,
        height,
        title,
        description,
        body,
    )
