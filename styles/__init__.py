"""Style registry and style or locale files of citeconv's own, installed as ``converter.styles``."""
