"""Commendations (khen thưởng). The models arrive with the awards issue."""
