"""Files -> articles: reading inputs, decoding, cleaning, script detection, gold import."""
