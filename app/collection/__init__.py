"""Collection: runs the platform collectors for a watch and stores what they bring back."""
