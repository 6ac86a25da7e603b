"""essay stage."""
