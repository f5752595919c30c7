"""Accreditation (habilitation): campaigns, applications, their review, the accreditations
they grant per organisation × certification × site, their enforcement and the public
directory of accredited evaluator organisations."""
