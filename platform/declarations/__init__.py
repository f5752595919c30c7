"""Declaring certificates to the national training-account system (« accrochage »)."""
