"""Markdown in, a print-ready PDF guide and a training deck out, themed alike."""

__version__ = "0.1.0"
