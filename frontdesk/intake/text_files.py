"""What a CSV file's bytes are: its encoding (UTF-8 with or without a BOM, UTF-16 with or without one, GB 18030,
Big5, a Western Windows Excel's cp1252 or a DOS program's code page 850), binary content that is no text at all, and the mark between its cells."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from frontdesk.i18n import DeskError
from frontdesk.sealing import is_sealed

#: What is read of a file to tell its encoding and its delimiter.
SAMPLE = 64 * 1024
#: A web page saved under a .csv name (a browser's "save page" of a table): it begins with its doctype or tag.
_WEB_PAGE = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s|<!--.*?-->|<\?xml[^>]*>)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|"
                       rb"<body[\s>]|<table[\s>])", re.IGNORECASE | re.DOTALL)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 written without a byte-order mark: text whose every other byte is mostly zero."""
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even = sample[0:pairs * 2:2].count(0) / pairs
    odd = sample[1:pairs * 2:2].count(0) / pairs
    if odd >= 0.1 and even < 0.01:
        return "utf-16-le"
    if even >= 0.1 and odd < 0.01:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n\f")
    return "\x00" in text or controls > max(len(text) // 100, 2)


def _decodes(handle, encoding: str) -> bool:
    handle.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := handle.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


def detect_encoding(path: Path) -> str:
    """UTF-8 (`utf-8-sig` with a BOM, `utf-8` without), UTF-16 (BOM or not), else GB 18030 (a superset of GBK/GB2312): one streaming
    pass; binary content (a program, a picture, a zip) is refused by name."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE)
        if is_sealed(sample):  # an encrypted outpost's rejects file, say: its plain copy is what is imported
            raise DeskError("import.sealed", path=str(path), file=path.name)
        if _WEB_PAGE.match(sample):
            raise DeskError("import.web_page", path=str(path))
        if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            candidates = ["utf-16"]
        elif (bare := _utf16_without_bom(sample)) is not None:
            candidates = [bare]
        else:
            candidates = ["utf-8-sig", "gb18030", "cp1252"]  # cp1252: a Western Windows Excel's "CSV"
        for encoding in candidates:
            if _decodes(handle, encoding):
                text = sample.decode(encoding, errors="ignore")
                if _looks_binary(text):
                    break
                if encoding == "gb18030" and _western(text, sample):
                    if _decodes(handle, "cp1252"):
                        return "cp850" if _dos(sample) else "cp1252"
                    if _DOS_LETTER.search(sample):  # (ü, 0x81, is a byte cp1252 has no character for)
                        return "cp850"
                if encoding == "gb18030" and _big5(text, sample) and _decodes(handle, "cp950"):
                    return "cp950"  # Big5 (a Taiwan or Hong Kong export), as Windows writes it
                if encoding == "utf-8-sig" and not sample.startswith(codecs.BOM_UTF8):
                    return "utf-8"  # as the officer is told: the file has no byte-order mark
                return "cp850" if encoding == "cp1252" and _dos(sample) else encoding
    if b"\x00" in sample or _looks_binary(sample.decode("latin-1")):
        raise DeskError("import.binary", path=str(path))
    if _DOS_LETTER.search(sample):  # (ü, 0x81, is a byte cp1252 has no character for)
        return "cp850"
    raise DeskError("import.bad_encoding", path=str(path))


#: An accented letter inside a word as a DOS code page (850) writes it (Indústria: 0xA3 ú, Policía: 0xA1 í,
#: Lesió: 0xA2 ó, Vehículo); the bytes that are letters there and quotes, dashes or a space to Windows (0x85,
#: 0x91–0x97, 0xA0: à, ô, ö, á in code page 850; …, ’, –, no-break space in cp1252) count for neither. A
#: letter as Windows (cp1252) writes it (0xC0–0xFF: é is 0xE9), and its apostrophe where English has one
#: (didn’t, O’Brien’s), count for Windows.
_DOS_LETTER = re.compile(rb"[A-Za-z][\x81-\x84\x86-\x90\x98-\x9a\xa1-\xa5](?=[A-Za-z])")
_WINDOWS_LETTER = re.compile(rb"[A-Za-z](?:[\xc0-\xff](?=[A-Za-z])|\x92(?=(?:s|t|ll|re|ve|d|m)\b|[A-Z]))")


def _dos(sample: bytes) -> bool:
    """Whether a Western file's accented letters are those of a DOS code page, which Windows would read as
    ¡ £ ¢ and ‚ (Ind£stria)."""
    dos = len(_DOS_LETTER.findall(sample))
    return dos >= 3 and dos > 2 * len(_WINDOWS_LETTER.findall(sample))


#: Western text read as GB 18030: an accented letter and the letter after it make one Chinese character alone
#: inside a word (Méfait → M閒ait, Müller → M乴ler), its second byte a Latin letter, which no GB 2312 character's
#: is (B栋, A座 in a Chinese address are no sign).
_SANDWICHED = re.compile(rb"[A-Za-z][\x81-\xfe][A-Za-z]")
_CHINESE = re.compile(r"[\u3400-\u9fff]")
#: Two Chinese characters together, as Chinese text has them and Western text read as GB 18030 seldom does.
_RUN = re.compile(r"[\u3400-\u9fff]{2}")


def _western(text: str, sample: bytes) -> bool:
    """Whether the Chinese characters GB 18030 made of the file are often alone after a Latin letter (Chinese
    text runs them together: 报警人, 三墩镇)."""
    sandwiched = len(_SANDWICHED.findall(sample))
    if sandwiched and not _RUN.search(text):  # (a French file with two accents: rue de la lib閞ation)
        return True
    return sandwiched >= 3 and sandwiched * 4 >= len(_CHINESE.findall(text))


def delimiter_of(sample: str) -> str:
    """Comma, tab (Excel's "Unicode text"), semicolon or a pipe (a database's dump: cdatetime|address|district):
    whichever splits most of the top lines most (a title may come first)."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    # by the count most lines have (a title line has none; one cell's text may hold a mark: Noise | loud | party)
    return max((",", "\t", ";", "|"), key=lambda mark: sorted(line.count(mark) for line in lines)[len(lines) // 2])


_KANA = re.compile(r"[\u3040-\u30ff]")
#: A kana alone between other characters: Big5 read as GB 18030 (台北市 → カ猀跋), not a Japanese name (セブン).
_LONE_KANA = re.compile(r"(?<![\u3040-\u30ff])[\u3040-\u30ff](?![\u3040-\u30ff])")


def _big5(text: str, sample: bytes) -> bool:
    """Whether the file is Big5 read as GB 18030: kana alone among the Chinese characters (台北市 → カ猀跋),
    which read as Big5 are gone. Two are enough: Taipei's burglaries, its header and one row, make two (編號,
    案類, 發生日期 … → 絪腹, 摸, 祇ネら戳 …, 臺北市 → 籓カい)."""
    kana = len(_LONE_KANA.findall(text))
    return kana >= 2 and kana * 20 >= len(_CHINESE.findall(text)) and \
        not _KANA.search(sample.decode("cp950", errors="ignore"))
