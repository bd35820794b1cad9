"""Reading sources: finding input files, decoding bytes to text, and parsing the formats."""
