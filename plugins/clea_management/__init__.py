"""CléA Management — socle des compétences de base du management (plugin)."""
