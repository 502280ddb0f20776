"""zs_tui: review machine-suggested entity spans in Chinese investment-promotion news."""
__version__ = "0.1.0"
