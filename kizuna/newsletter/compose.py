"""One source, two mails: an issue's body is written as plain paragraphs with a few marks, and becomes the HTML
part (readable on a phone and in dark mode) and the plain-text part of the mail, and the archive's page.

The marks: a blank line between paragraphs; "## " or "### " starts a heading; lines starting "- " make a list;
[words](https://…) is a link, and a bare https:// address becomes one; **words** are strong; a paragraph that is
only ![description](address) is an image, which must be one uploaded to the issue (served by Kizuna: mail
programs then load nothing from other sites)."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _

IMAGE_PATH = "/newsletter/images/"
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)|(?<![(\w])(https?://[^\s<>()]+[^\s<>().,、。])|\*\*([^*\n]+)\*\*")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]+)\)")


@dataclass
class Block:
    kind: str  # "p", "h2", "h3", "ul", "img"
    lines: list[str]
    alt: str = ""
    src: str = ""


@dataclass
class Rendered:
    html: str
    text: str
    links: list[str] = field(default_factory=list)  # in order of appearance: the click counter's numbers


def parse(body: str) -> list[Block]:
    blocks = []
    for chunk in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        image = _IMAGE.fullmatch(chunk.strip())
        if image:
            blocks.append(Block("img", [], alt=image.group(1), src=image.group(2)))
        elif lines[0].startswith("### "):
            blocks.append(Block("h3", [" ".join(lines)[4:]]))
        elif lines[0].startswith("## "):
            blocks.append(Block("h2", [" ".join(lines)[3:]]))
        elif all(line.lstrip().startswith("- ") for line in lines):
            blocks.append(Block("ul", [line.lstrip()[2:] for line in lines]))
        else:
            blocks.append(Block("p", lines))
    return blocks


def _safe_url(url: str) -> bool:
    return url.startswith(("https://", "http://", "mailto:", "/"))


def check(body: str) -> None:
    """Refuse a body whose links are not web or mail addresses, or whose images are not uploaded to the issue."""
    problems = []
    for block in parse(body):
        if block.kind == "img" and not _own_image(block.src):
            problems.append(_("The image “%(src)s” is not one uploaded to this issue: upload it and use the "
                              "address shown for it.") % {"src": block.src[:80]})
        for line in block.lines:
            if _IMAGE.search(line):
                problems.append(_("Put each image in a paragraph of its own."))
            for match in _LINK.finditer(line):
                if match.group(2) and not _safe_url(match.group(2)):
                    problems.append(_("The link “%(url)s” is not a web or mail address.")
                                    % {"url": match.group(2)[:80]})
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)), code="bad_body")


def _own_image(src: str) -> bool:
    path = src.removeprefix(settings.SITE_URL.rstrip("/"))
    return path.startswith(IMAGE_PATH)


def _absolute(url: str, site: str) -> str:
    return site.rstrip("/") + url if url.startswith("/") else url


class _Inline:
    """Inline marks of one line, as HTML and as text, numbering the links (for the click counter)."""

    def __init__(self, site: str, links: list[str], wrap):
        self.site, self.links, self.wrap = site, links, wrap

    def html(self, line: str) -> str:
        out, last = [], 0
        for match in _LINK.finditer(line):
            out.append(escape(line[last:match.start()]))
            label, url, bare, strong = match.groups()
            if strong is not None:
                out.append(f"<strong>{escape(strong)}</strong>")
            else:
                target = _absolute(url or bare, self.site)
                if not _safe_url(target):
                    out.append(escape(match.group(0)))
                else:
                    self.links.append(target)
                    href = self.wrap(len(self.links) - 1, target)
                    out.append(f'<a href="{escape(href)}" style="color:inherit">{escape(label or bare)}</a>')
            last = match.end()
        out.append(escape(line[last:]))
        return "".join(out)

    def text(self, line: str) -> str:
        def one(match):
            label, url, bare, strong = match.groups()
            if strong is not None:
                return strong
            if bare:
                return bare
            return f"{label} ( {_absolute(url, self.site)} )"

        return _LINK.sub(one, line)


def _unstyled(html: str) -> str:
    return re.sub(r' style="[^"]*"', "", html)


def render(body: str, *, site: str, wrap_link=None, for_mail: bool = True) -> Rendered:
    """The body as HTML and as text. For mail the HTML carries inline styles (mail programs drop style sheets);
    for a page of the site (the archive) it carries none (the site's style sheet and policy apply)."""
    rendered = _render(body, site=site, wrap_link=wrap_link)
    if not for_mail:
        rendered.html = _unstyled(rendered.html)
    return rendered


def _render(body: str, *, site: str, wrap_link=None) -> Rendered:
    links: list[str] = []
    inline = _Inline(site, links, wrap_link or (lambda n, url: url))
    html, text = [], []
    for block in parse(body):
        if block.kind == "img":
            src = _absolute(block.src, site)
            html.append(f'<p style="margin:0 0 16px"><img src="{escape(src)}" alt="{escape(block.alt)}" '
                        'style="max-width:100%;height:auto;border:0;display:block"></p>')
            if block.alt:
                text.append(f"[{block.alt}]")
        elif block.kind in ("h2", "h3"):
            size = "20px" if block.kind == "h2" else "17px"
            html.append(f'<{block.kind} style="font-size:{size};line-height:1.4;margin:24px 0 8px">'
                        f"{inline.html(block.lines[0])}</{block.kind}>")
            heading = inline.text(block.lines[0])
            text.append(f"■ {heading}" if block.kind == "h2" else f"◇ {heading}")
        elif block.kind == "ul":
            items = "".join(f'<li style="margin:0 0 6px">{inline.html(item)}</li>' for item in block.lines)
            html.append(f'<ul style="margin:0 0 16px;padding-left:20px">{items}</ul>')
            text.append("\n".join(f"- {inline.text(item)}" for item in block.lines))
        else:
            html.append('<p style="margin:0 0 16px">' + "<br>".join(inline.html(line) for line in block.lines)
                        + "</p>")
            text.append("\n".join(inline.text(line) for line in block.lines))
    return Rendered(html="\n".join(html), text="\n\n".join(text), links=links)
