"""Errors for input no parser can read. Each message is one line a person can act on.

ParseError                 any document that cannot be read
├── EmptyDocument          no bytes, or only white space
├── NotADocument           binary data, or no known document format
├── MalformedXML           XML that does not parse (truncated, broken)
├── UnsafeXML              XML with a DTD or entity declarations (refused, never expanded)
├── NotAPDF                a ".pdf" that is no PDF, or a PDF with no extractable text
├── NotADocx               a ".docx" that is no Word document
└── TooLarge               over a limit: more PDF pages or more text than allowed
"""


class ParseError(Exception):
    """A document that cannot be read at all."""


class EmptyDocument(ParseError):
    """The document has no content."""


class NotADocument(ParseError):
    """The bytes are not a document format we read."""


class MalformedXML(ParseError):
    """The XML does not parse."""


class UnsafeXML(ParseError):
    """The XML declares a DTD or entities; we refuse it rather than expand anything."""


class NotAPDF(ParseError):
    """The file is not a readable PDF."""


class NotADocx(ParseError):
    """The file is not a readable Word (DOCX) document."""


class TooLarge(ParseError):
    """The document is over a size limit (PDF pages, bytes of text); nothing of it is read."""
