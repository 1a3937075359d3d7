"""Chinese text search over stored posts through an index of character bigrams."""
