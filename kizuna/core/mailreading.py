"""Reading a mail that people sent to Kizuna (a reply to a request, fed by the mail server): the words they
wrote, without the history their mail program quoted below them, and the files they attached.

The plain-text part is preferred; a mail with only HTML is turned into text. Quoted history is cut at the
first line that starts it ("On … wrote:", "…に書きました:", "-----Original Message-----", an Outlook header block)
and lines quoted with ">" are dropped."""

import re
import sys
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre", "hr"}
_SKIPPED = {"script", "style", "head", "title", "blockquote"}
# Where the quoted history starts, each a whole line.
_HISTORY = [re.compile(p, re.IGNORECASE) for p in (
    r"^On .+ wrote:$",                          # Gmail, Apple Mail, Thunderbird (English)
    r"^.*(に|で)書きました[:：]?$",               # the same in Japanese
    r"^-{2,}\s*(Original Message|元のメッセージ|転送メッセージ|Forwarded message)\s*-{2,}$",
    r"^_{10,}$",                                # Outlook's rule above the quoted header block
    r"^(From|差出人|送信者)\s*[:：].+$",          # an Outlook header block
)]
_WROTE_WRAPPED = re.compile(r"^.*\bwrote:$|^.*書きました[:：]?$", re.IGNORECASE)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def _skips(self, tag, attrs) -> bool:
        classes = dict(attrs).get("class") or ""
        return tag in _SKIPPED or "gmail_quote" in classes or "moz-cite-prefix" in classes

    def handle_starttag(self, tag, attrs):
        if self.skipping or self._skips(tag, attrs):
            if tag not in {"br", "hr", "img", "meta", "link", "input"}:
                self.skipping += 1
            return
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= 1
            return
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The text of an HTML mail: one line per paragraph, line break or list item; no quoted blocks."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def strip_quoted(text: str) -> str:
    """The new words of a reply: up to the line where the quoted history starts, without "> " lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for line in lines:
        bare = line.strip()
        if any(p.match(bare) for p in _HISTORY):
            break
        if _WROTE_WRAPPED.match(bare) and kept and kept[-1].strip().startswith("On "):
            kept.pop()  # "On Sat, 5 Dec 2026, A <a@x>" and "wrote:" on two lines
            break
        if bare.startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def parse(raw: bytes) -> EmailMessage:
    return message_from_bytes(raw, policy=policy.default)


def reply_text(message: EmailMessage) -> str:
    """What the sender wrote: the text part (or the HTML part as text), without the quoted history."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset
        content = (body.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if body.get_content_type() == "text/html":
        content = html_to_text(content)
    return strip_quoted(content)


def attached_files(message: EmailMessage) -> list[SimpleUploadedFile]:
    """The files attached to the mail (parts with a file name or marked as attachments), as uploads to be
    checked like any other."""
    files = []
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if not name and part.get_content_disposition() != "attachment":
            continue
        content = part.get_payload(decode=True) or b""
        files.append(SimpleUploadedFile((name or "attachment")[:200], content,
                                        content_type=part.get_content_type()))
    return files


def sender_address(message: EmailMessage) -> str:
    """The address in From, lower-cased ("" when there is none or more than one)."""
    try:
        addresses = message["From"].addresses if message["From"] is not None else ()
    except (AttributeError, IndexError, ValueError):
        return ""
    if len(addresses) != 1:
        return ""
    return addresses[0].addr_spec.strip().lower()


def piped_messages(files) -> list[tuple[str, bytes]]:
    """The raw messages a mail-feeding command is given: (name, bytes) of each file, or of standard input when
    there is none (a mail server's pipe)."""
    if files:
        return [(name, Path(name).read_bytes()) for name in files]
    return [("stdin", sys.stdin.buffer.read())]
